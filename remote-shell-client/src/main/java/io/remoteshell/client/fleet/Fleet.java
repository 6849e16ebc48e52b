package io.remoteshell.client.fleet;

import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectFailedException;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A group of hosts that run the same thing at once, at most {@link Builder#parallelism} at a time, and report one
 * {@link HostResult} per host: pssh or Fabric's {@code ThreadingGroup} as a library.
 * <pre>{@code
 * try (Fleet fleet = Fleet.builder()
 *         .host("web1", URI.create("rsp://deploy@web1:9900"), Credentials.tokenFile(token))
 *         .host("web2", URI.create("ssh://deploy@web2"), Credentials.sshKeys(keys, SecretPrompt.NONE), HostKeys.defaults())
 *         .hostTimeout(Duration.ofMinutes(1))
 *         .build()) {
 *     FleetResult r = fleet.exec("uptime");
 *     r.succeeded().forEach((host, result) -> System.out.print(host + ": " + result.stdoutText()));
 *     r.failed().forEach((host, failure) -> System.err.println(host + ": " + failure));
 * }
 * }</pre>
 *
 * <p>Each host connects when it first takes part and keeps its session for the next operations; a host that could not
 * connect, timed out or lost its connection connects again next time. Closing the fleet closes every session, and the
 * servers kill whatever still runs on them. A fleet is thread-safe; its operations block the calling thread until
 * every host is done. Interrupting that thread {@linkplain #cancel() cancels} the operation, which then returns at
 * once with the interrupt status set.
 */
public final class Fleet implements AutoCloseable {

    /** How many hosts work at once unless {@link Builder#parallelism} says otherwise (pssh's default). */
    public static final int DEFAULT_PARALLELISM = 32;

    /** Opens a session to one host. */
    @FunctionalInterface
    public interface Connector {
        /** Connects and authenticates, taking at most {@code timeout}. */
        Session connect(Duration timeout) throws IOException;
    }

    /** Work for {@link #each}: anything done with one host's session, such as a file copy. */
    @FunctionalInterface
    public interface HostTask {
        /** Called on the fleet's worker thread for {@code host}; throwing marks the host failed. */
        void run(String host, Session session) throws IOException;
    }

    private final List<Member> members;
    private final int parallelism;
    private final Duration hostTimeout;
    private final Duration connectTimeout;
    private final Set<Operation> operations = ConcurrentHashMap.newKeySet();

    private Fleet(Builder b) {
        this.members = List.copyOf(b.members.values());
        this.parallelism = b.parallelism;
        this.hostTimeout = b.hostTimeout;
        this.connectTimeout = b.connectTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The hosts' names, in the order they were added. */
    public List<String> hosts() {
        return members.stream().map(m -> m.name).toList();
    }

    /** Runs {@code commandLine} with the remote {@code /bin/sh -c} on every host; see {@link #exec(Command)}. */
    public FleetResult exec(String commandLine) {
        return exec(Command.shell(commandLine));
    }

    /** Runs {@code command} on every host with its stdin closed, collecting each host's output in its result. */
    public FleetResult exec(Command command) {
        Map<String, ByteArrayOutputStream[]> output = new ConcurrentHashMap<>();
        for (Member m : members) {
            output.put(m.name, new ByteArrayOutputStream[] {new ByteArrayOutputStream(), new ByteArrayOutputStream()});
        }
        FleetResult streamed = exec(command, new FleetListener() {
            @Override
            public void stdout(String host, byte[] bytes, int offset, int length) {
                output.get(host)[0].write(bytes, offset, length);
            }

            @Override
            public void stderr(String host, byte[] bytes, int offset, int length) {
                output.get(host)[1].write(bytes, offset, length);
            }
        });
        List<HostResult> withOutput = new ArrayList<>();
        for (HostResult r : streamed) {
            ByteArrayOutputStream[] o = output.get(r.host());
            withOutput.add(r.result().isEmpty() ? r : new HostResult(r.host(),
                    r.result().get().withOutput(o[0].toByteArray(), o[1].toByteArray()),
                    null, r.connected(), r.elapsed()));
        }
        return new FleetResult(withOutput);
    }

    /**
     * Runs {@code command} on every host with its stdin closed, handing each host's output to {@code listener} as it
     * arrives (see {@link FleetListener} for the threads); the results carry no output bytes.
     */
    public FleetResult exec(Command command, FleetListener listener) {
        Objects.requireNonNull(command, "command");
        return run(new HostRun.Exec(command, Objects.requireNonNull(listener, "listener")), listener);
    }

    /** Runs {@code task} with every host's session, as many at once as exec would. */
    public FleetResult each(HostTask task) {
        return run(new HostRun.Task(Objects.requireNonNull(task, "task")), new FleetListener() { });
    }

    /**
     * Sends a signal (INT, TERM, KILL, HUP or QUIT) to the command running on each host now; hosts not started yet
     * are not affected.
     */
    public void signal(String name) {
        operations.forEach(op -> op.signal(name));
    }

    /**
     * Stops the operations in progress: hosts not started yet do not start, and each running command is killed and
     * its session closed. The operations return as soon as their hosts are done, with those hosts failed by an
     * {@link java.io.InterruptedIOException}. Later operations run normally.
     */
    public void cancel() {
        operations.forEach(Operation::cancel);
    }

    /** Cancels what is in progress and closes every session. */
    @Override
    public void close() {
        cancel();
        members.forEach(Member::discard);
    }

    private FleetResult run(HostRun.Work work, FleetListener listener) {
        Operation op = new Operation(members, work, listener, parallelism, hostTimeout, connectTimeout);
        operations.add(op);
        try {
            return op.run();
        } finally {
            operations.remove(op);
        }
    }

    /** Builds a {@link Fleet}; every host needs a name unique in the fleet. */
    public static final class Builder {

        private final Map<String, Member> members = new LinkedHashMap<>();
        private int parallelism = DEFAULT_PARALLELISM;
        private Duration hostTimeout;
        private Duration connectTimeout = RemoteShell.DEFAULT_CONNECT_TIMEOUT;

        private Builder() {
        }

        /**
         * A host reached at {@code uri} ({@code rsp://}, {@code rsps://} or {@code ssh://}); SSH host keys are checked
         * strictly against ~/.ssh/known_hosts, rsps keys against the pins in ~/.rshell/known_hosts.
         */
        public Builder host(String name, URI uri, Credentials credentials) {
            return host(name, uri, credentials, HostKeys.defaults());
        }

        /** A host reached at {@code uri}, as {@link RemoteShell#connect(URI, Credentials, HostKeys, Duration)} connects. */
        public Builder host(String name, URI uri, Credentials credentials, HostKeys hostKeys) {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(hostKeys, "hostKeys");
            return host(name, timeout -> RemoteShell.connect(uri, credentials, hostKeys, timeout));
        }

        /** An rsps host reached at {@code uri}, its server key checked against {@code pins}. */
        public Builder host(String name, URI uri, Credentials credentials, ServerPins pins) {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(pins, "pins");
            return host(name, timeout -> RemoteShell.connect(uri, credentials, pins, timeout));
        }

        /** A host connected by {@code connector} when it first takes part. */
        public Builder host(String name, Connector connector) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(connector, "connector");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a host's name must not be blank");
            }
            if (members.containsKey(name)) {
                throw new IllegalArgumentException("host " + name + " is in the fleet twice; give each host its own name");
            }
            members.put(name, new Member(name, connector));
            return this;
        }

        /** A host whose session is already open; the fleet closes it when the fleet is closed or the session fails. */
        public Builder session(String name, Session session) {
            Objects.requireNonNull(session, "session");
            return host(name, timeout -> session);
        }

        /** At most {@code hosts} hosts connect and run at once (default {@value Fleet#DEFAULT_PARALLELISM}). */
        public Builder parallelism(int hosts) {
            if (hosts < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, was " + hosts);
            }
            this.parallelism = hosts;
            return this;
        }

        /**
         * Each host gets at most {@code limit} per operation, connecting included; a host still running then has its
         * command killed and fails with a {@link HostTimeoutException}. Default: no limit.
         */
        public Builder hostTimeout(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the host timeout must be positive, was " + limit);
            }
            this.hostTimeout = limit;
            return this;
        }

        /** How long connecting and authenticating may take per host (default {@link RemoteShell#DEFAULT_CONNECT_TIMEOUT}). */
        public Builder connectTimeout(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the connect timeout must be positive, was " + limit);
            }
            this.connectTimeout = limit;
            return this;
        }

        public Fleet build() {
            return new Fleet(this);
        }
    }

    static ConnectFailedException connectFailure(String host, RuntimeException e) {
        return new ConnectFailedException("cannot connect to " + host + ": " + e.getMessage(), e);
    }
}
