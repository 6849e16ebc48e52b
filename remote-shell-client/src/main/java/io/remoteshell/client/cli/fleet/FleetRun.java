package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.Session;
import io.remoteshell.client.cli.LoginOptions;
import io.remoteshell.client.fleet.Fleet;
import io.remoteshell.client.fleet.FleetListener;
import io.remoteshell.client.fleet.FleetResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import sun.misc.Signal;

/**
 * One fleet command line from hosts to exit status: the hosts picked, the fleet built with -P and --host-timeout,
 * Ctrl-C wired to stop every host, the summary printed.
 */
final class FleetRun {

    /** One host's copy, for get and put. */
    @FunctionalInterface
    interface Copy {
        void run(FleetHost host, Session session) throws IOException;
    }

    /** The run, or the status of a command line that could not start one. */
    static final class Start {
        private final FleetRun run;
        private final int status;

        private Start(FleetRun run, int status) {
            this.run = run;
            this.status = status;
        }

        int map(Function<FleetRun, Integer> work) {
            return run == null ? status : work.apply(run);
        }
    }

    private static final int SIGPIPE_STATUS = 128 + 13;

    private final Console console;
    private final FleetOptions options;
    private final Map<String, FleetHost> hosts = new LinkedHashMap<>();
    private final Fleet fleet;

    private FleetRun(Console console, FleetOptions options, List<FleetHost> hosts, Fleet fleet) {
        this.console = console;
        this.options = options;
        hosts.forEach(h -> this.hosts.put(h.name(), h));
        this.fleet = fleet;
    }

    static Start start(LoginOptions login, FleetOptions options) {
        Console console = Console.system();
        try {
            List<FleetHost> hosts = HostSelection.select(options.hosts, options.hostFiles);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("no hosts selected; give -H HOST[,HOST...] or --hosts FILE");
            }
            Fleet.Builder b = Fleet.builder();
            if (options.parallelism != null) {
                if (options.parallelism < 1) {
                    throw new IllegalArgumentException("-P must be at least 1, was " + options.parallelism);
                }
                b.parallelism(options.parallelism);
            }
            if (options.hostTimeout != null && options.hostTimeout != 0) {
                if (options.hostTimeout < 0 || options.hostTimeout.isNaN()) {
                    throw new IllegalArgumentException("--host-timeout is a number of seconds, 0 for none; was " + options.hostTimeout);
                }
                b.hostTimeout(Duration.ofMillis(Math.max(1, Math.round(options.hostTimeout * 1000))));
            }
            for (FleetHost h : hosts) {
                b.host(h.name(), h.problem() != null ? timeout -> {
                    throw new IllegalArgumentException(h.problem());
                } : login.fleetConnector(h.target(), h.keyFile(), h.tokenFile()));
            }
            return new Start(new FleetRun(console, options, hosts, b.build()), 0);
        } catch (IllegalArgumentException e) {
            console.say("rshell: " + e.getMessage());
            return new Start(null, 2);
        } catch (IOException e) {
            console.say("rshell: " + Summary.describe(e));
            return new Start(null, 1);
        }
    }

    FleetHost host(String name) {
        return hosts.get(name);
    }

    /** What prints the hosts' output: line by line, --group, --out-dir, or --out-dir with --group. */
    FleetListener output() {
        List<FleetListener> outputs = new ArrayList<>();
        if (options.outDir != null) {
            try {
                outputs.add(new OutDirOutput(options.outDir, List.copyOf(hosts.values())));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write into --out-dir " + options.outDir + ": " + Summary.describe(e), e);
            }
        }
        if (options.group) {
            outputs.add(new GroupedOutput(console));
        } else if (options.outDir == null) {
            outputs.add(new LineOutput(console));
        }
        return outputs.size() == 1 ? outputs.get(0) : new Tee(outputs);
    }

    /** Runs {@code operation} with Ctrl-C (and TERM, HUP) stopping every host, prints the summary, returns the status. */
    int finish(Function<Fleet, FleetResult> operation) {
        AtomicBoolean interrupted = new AtomicBoolean();
        List<Signal> installed = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (interrupted.getAndSet(true)) {
                        // A second one: do not wait for anything (the servers kill what ran on our connections).
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                    fleet.cancel();
                });
                installed.add(new Signal(name));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal for itself here.
            }
        }
        console.onClosedStdout(fleet::cancel);
        FleetResult result;
        try (fleet) {
            result = operation.apply(fleet);
        } catch (IllegalStateException e) {
            console.say("rshell: " + e.getMessage());
            return 1;
        }
        if (console.stdoutClosed()) {
            // Our reader went away (rshell -H ... | head): end quietly, as a local command dies of SIGPIPE.
            return SIGPIPE_STATUS;
        }
        Summary.lines(result).forEach(console::say);
        return Summary.exitStatus(result, interrupted.get());
    }
}
