package io.remoteshell.server;

import io.remoteshell.server.core.UserStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/** {@code rshelld}: runs the daemon in the foreground until SIGTERM or SIGINT; {@code rshelld user add NAME} adds a user. */
@Command(name = "rshelld", mixinStandardHelpOptions = true, version = RshellServer.NAME + " " + RshellServer.VERSION,
        description = "Runs the remote-shell daemon in the foreground, logging to stderr. Stop it with SIGTERM or Ctrl-C.",
        subcommands = Rshelld.User.class)
public final class Rshelld implements Callable<Integer> {

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = ServerConfig.defaults().bindAddress();

    @Option(names = "--rsp-port", paramLabel = "N", description = "RSP/1 port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int rspPort = ServerConfig.DEFAULT_RSP_PORT;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Users, tokens and audit log (default: ~/.rshell/server).")
    Path stateDir = ServerConfig.defaults().stateDir();

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int maxConnections = ServerConfig.defaults().maxConnections();

    @Option(names = "--max-requests", paramLabel = "N", description = "Open requests per connection (default: ${DEFAULT-VALUE}).")
    int maxRequests = ServerConfig.defaults().maxRequestsPerConnection();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Rshelld());
        // A one-line reason, not a stack trace: these are the operator's mistakes or the machine's state.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("rshelld: " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, params) -> {
            e.getCommandLine().getErr().println("rshelld: " + e.getMessage() + " (see rshelld --help)");
            return 2;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfig.defaults().withBindAddress(bind).withRspPort(rspPort).withStateDir(stateDir)
                .withMaxConnections(maxConnections).withMaxRequestsPerConnection(maxRequests);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        RshellServer server = RshellServer.start(config);
        try {
            stop.await();
        } finally {
            server.close();
        }
        return 0;
    }

    @Command(name = "user", description = "Manages the users allowed to connect.", subcommands = User.Add.class)
    static final class User {

        @Command(name = "add", description = "Creates a user with a fresh token and prints where the token is.")
        static final class Add implements Callable<Integer> {

            @Parameters(paramLabel = "NAME", description = "User name: a lowercase letter or _, then up to 31 of a-z 0-9 _ . -")
            String name;

            @Option(names = "--state-dir", paramLabel = "DIR", description = "Users, tokens and audit log (default: ~/.rshell/server).")
            Path stateDir = ServerConfig.defaults().stateDir();

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                Path token = new UserStore(stateDir).add(name);
                PrintWriter out = spec.commandLine().getOut();
                out.println("created user " + name + "; token in " + token);
                out.flush();
                return 0;
            }
        }
    }
}
