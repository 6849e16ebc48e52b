package io.remoteshell.client.ssh;

import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.InteractiveShell;
import io.remoteshell.client.RemoteFiles;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.client.Session;
import io.remoteshell.client.SshOptions;
import io.remoteshell.client.TransferListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A {@link Session} over one SSH connection (MINA SSHD's client): commands on exec channels,
 * get and put over SFTP, ping as an OpenSSH keepalive request. Each session has its own client,
 * so closing it leaves nothing running.
 */
public final class SshSession implements Session {

    /** How long a person may take to type a password, and a server to answer, before authentication gives up. */
    static final Duration AUTH_WAIT = Duration.ofMinutes(2);
    private static final String KEEPALIVE = Keepalives.REQUEST;

    private final SshClient client;
    private final ClientSession session;
    private final Endpoint endpoint;
    private final Duration timeout;
    private final ScheduledExecutorService timers;
    private final SftpFiles files;

    private SshSession(SshClient client, ClientSession session, Endpoint endpoint, Duration timeout) {
        this.client = client;
        this.session = session;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rshell-ssh-timeouts " + endpoint.hostPort());
            t.setDaemon(true);
            return t;
        });
        this.files = new SftpFiles(session, this::exec);
    }

    /** Connects, checks the host key, authenticates; {@link io.remoteshell.client.RemoteShell#connect} is the public way in. */
    public static SshSession open(Endpoint endpoint, Credentials credentials, HostKeys hostKeys, Duration timeout)
            throws IOException {
        return open(endpoint, credentials, hostKeys, timeout, SshOptions.DEFAULTS);
    }

    /** As {@link #open(Endpoint, Credentials, HostKeys, Duration)}, through {@code options}' jump hosts, with its keepalives. */
    public static SshSession open(Endpoint endpoint, Credentials credentials, HostKeys hostKeys, Duration timeout,
                                  SshOptions options) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setKeyExchangeFactories(mlKemFirst(client.getKeyExchangeFactories()));
        // Only what the caller gave: no ~/.ssh/config rewriting the target, no keys picked up behind its back.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE,
                UserAuthKeyboardInteractiveFactory.INSTANCE));
        Route route = new Route(options.jumps(), endpoint, credentials, hostKeys);
        route.install(client);
        Keepalives.install(client, options);
        client.start();
        try {
            ClientSession session;
            try {
                // Through jump hosts, logging in to each of them is part of connecting: a person may type passwords.
                session = client.connect(route.entry(), null, null).verify(route.hasJumps() ? AUTH_WAIT : timeout)
                        .getSession();
            } catch (IOException e) {
                throw route.explain(e);
            }
            try {
                session.auth().verify(AUTH_WAIT);
            } catch (IOException e) {
                session.close(true);
                throw route.explain(e);
            }
            try {
                route.closeListeners();
            } catch (IOException | RuntimeException e) {
                session.close(true);
                throw e;
            }
            return new SshSession(client, session, endpoint, timeout);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    /**
     * MINA's key exchanges with mlkem768x25519-sha256 moved in front of the sntrup761x25519 ones, as OpenSSH 10 orders
     * them (both are hybrid post-quantum exchanges; a server without ML-KEM still gets sntrup761 next). Making an
     * sntrup761 key pair in Java costs a one-shot {@code rshell ssh://... true} about a second of CPU, ML-KEM's a few ms.
     */
    static List<KeyExchangeFactory> mlKemFirst(List<KeyExchangeFactory> kex) {
        List<KeyExchangeFactory> ordered = new java.util.ArrayList<>(kex.size());
        kex.stream().filter(f -> f.getName().startsWith("mlkem768x25519")).forEach(ordered::add);
        kex.stream().filter(f -> !f.getName().startsWith("mlkem768x25519")).forEach(ordered::add);
        return ordered;
    }

    /** What authentication offered, in words. */
    static String offered(Credentials credentials) {
        List<String> tried = new java.util.ArrayList<>();
        if (credentials.agentSocket() != null) {
            tried.add("the keys of the ssh-agent at " + credentials.agentSocket());
        }
        if (!credentials.identityFiles().isEmpty()) {
            tried.add("the key files " + credentials.identityFiles().stream().map(Path::toString).toList());
        }
        if (credentials.prompt() != io.remoteshell.client.SecretPrompt.NONE) {
            tried.add("a password when asked");
        }
        return tried.isEmpty() ? "there was nothing to offer (no key files, no ssh-agent, no way to ask for a password)"
                : "the server accepted none of " + String.join(", ", tried);
    }

    @Override
    public ExecResult exec(Command command, OutputStream stdout, OutputStream stderr) throws IOException {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        RemoteProcess process = onOpenSession(() -> SshProcess.start(session, command, false, stdout, stderr, timeout, timers));
        try {
            return process.waitForResult();
        } catch (InterruptedIOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    @Override
    public RemoteProcess start(Command command) throws IOException {
        return onOpenSession(() -> SshProcess.start(session, command, true, null, null, timeout, timers));
    }

    @Override
    public RemoteProcess start(Command command, OutputStream stdout, OutputStream stderr) throws IOException {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        return onOpenSession(() -> SshProcess.start(session, command, true, stdout, stderr, timeout, timers));
    }

    @Override
    public void get(String remote, Path local, TransferListener listener) throws IOException {
        onOpenSession(() -> {
            files.get(remote, local, listener);
            return null;
        });
    }

    @Override
    public void put(Path local, String remote, TransferListener listener) throws IOException {
        onOpenSession(() -> {
            files.put(local, remote, listener);
            return null;
        });
    }

    @Override
    public RemoteFiles files() throws IOException {
        return onOpenSession(() -> new SftpTree(session));
    }

    @Override
    public InteractiveShell shell(String term, int columns, int rows) throws IOException {
        return onOpenSession(() -> SshShell.open(session, term, columns, rows, timeout));
    }

    @Override
    public InteractiveShell shell(Command command, String term, int columns, int rows) throws IOException {
        return onOpenSession(() -> SshShell.open(session, ShellQuoting.commandLine(command), term, columns, rows, timeout));
    }

    @Override
    public Duration ping() throws IOException {
        ensureOpen();
        Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, 32);
        request.putString(KEEPALIVE);
        request.putBoolean(true);
        long start = System.nanoTime();
        // Any answer, even "unknown request", is a round trip: only silence means the server is gone.
        session.request(KEEPALIVE, request, timeout);
        if (!session.isOpen()) {
            throw new ConnectionLostException("the SSH connection to " + endpoint.hostPort() + " closed during a ping");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Something that opens a channel on the session. */
    @FunctionalInterface
    private interface ChannelWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work}, which opens a channel, as a lost connection when the session is gone: MINA refuses a new
     * channel with an IllegalStateException once the server closed the session, which is no bug of the caller's.
     */
    private <T> T onOpenSession(ChannelWork<T> work) throws IOException {
        ensureOpen();
        try {
            return work.run();
        } catch (IllegalStateException e) {
            if (session.isOpen()) {
                throw e;
            }
            throw new ConnectionLostException("the SSH connection to " + endpoint.hostPort() + " is closed", e);
        }
    }

    private void ensureOpen() throws ConnectionLostException {
        if (!session.isOpen()) {
            throw new ConnectionLostException("the SSH connection to " + endpoint.hostPort() + " is closed");
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        session.close(true);
        client.stop();
    }

    @Override
    public String toString() {
        return "Session[" + endpoint + "]";
    }
}
