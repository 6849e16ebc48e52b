package io.remoteshell.server;

import io.remoteshell.server.core.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/**
 * {@code rshelld}: runs the daemon in the foreground until SIGTERM or SIGINT; {@code rshelld user add NAME} adds a
 * user, {@code rshelld user passwd NAME} sets the password used for SSH, {@code user list}, {@code user remove NAME} and
 * {@code user token NAME [--rotate]} manage the rest.
 */
@Command(name = "rshelld", mixinStandardHelpOptions = true, version = RshellServer.NAME + " " + RshellServer.VERSION,
        description = "Runs the remote-shell daemon in the foreground, logging to stderr. Stop it with SIGTERM or Ctrl-C.",
        subcommands = {Rshelld.User.class, Fingerprint.class, picocli.AutoComplete.GenerateCompletion.class})
public final class Rshelld implements Callable<Integer> {

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = ServerConfig.defaults().bindAddress();

    @Option(names = "--rsp-port", paramLabel = "N", description = "RSP/1 port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int rspPort = ServerConfig.DEFAULT_RSP_PORT;

    @CommandLine.Mixin
    StateDirOption state = new StateDirOption();

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Connections served at once, by RSP/1 and by SSH each; more are refused with a reason (default: ${DEFAULT-VALUE}).")
    int maxConnections = ServerConfig.defaults().maxConnections();

    @Option(names = {"--max-sessions", "--max-requests"}, paramLabel = "N",
            description = "Sessions open at once per connection: RSP/1 requests and SSH channels (OpenSSH's MaxSessions);"
                + " one more is refused with a reason (default: ${DEFAULT-VALUE}).")
    int maxSessions = ServerConfig.DEFAULT_MAX_SESSIONS;

    @Option(names = "--no-rsp", description = "Do not serve RSP/1.")
    boolean noRsp;

    @Option(names = "--no-udp", description = {"Do not answer UDP probes (rshell ping, rshell discover) on the RSP port number.",
        "Replies are signed, rate-limited and never longer than the request."})
    boolean noUdp;

    @Option(names = "--rsps-port", paramLabel = "N",
            description = "rsps (RSP/1 in TLS 1.3) port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int rspsPort = RspsConfig.DEFAULT_PORT;

    @Option(names = "--no-rsps", description = "Do not serve rsps.")
    boolean noRsps;

    @Option(names = "--allow-plaintext-rsp", description = {"Serve plain (unencrypted) RSP/1 even when --bind is not a loopback"
        + " address.", "Without it such a server serves only rsps and SSH there: anyone on the path could read plain RSP/1."})
    boolean allowPlaintextRsp;

    @Option(names = "--ssh-port", paramLabel = "N", description = "SSH port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int sshPort = SshConfig.DEFAULT_PORT;

    @Option(names = "--no-ssh", description = "Do not serve SSH.")
    boolean noSsh;

    @Option(names = "--no-password-auth", description = "SSH: accept public keys only, no passwords.")
    boolean noPasswordAuth;

    @Option(names = "--allow-forwarding", description = "SSH: allow TCP port forwarding (ssh -L/-R); refused by default.")
    boolean allowForwarding;

    @Option(names = "--accept-env", paramLabel = "NAME",
            description = "SSH: let clients set this environment variable (repeatable); LANG and LC_* are always accepted.")
    List<String> acceptEnv = new ArrayList<>();

    @Option(names = "--sftp-root", paramLabel = "DIR", description = {"SSH: confine SFTP and SCP to DIR, which they see as /.",
        "Default: none; like OpenSSH they see the whole file system as the user running rshelld (as commands do),"
            + " with relative paths starting in its home."})
    Path sftpRoot;

    @Option(names = "--ssh-idle-timeout", paramLabel = "SECONDS",
            description = "SSH: close connections without any traffic for this long (default: ${DEFAULT-VALUE}).")
    long sshIdleSeconds = SshConfig.defaults().idleTimeout().toSeconds();

    @Option(names = "--auth-timeout", paramLabel = "SECONDS",
            description = "Close connections not authenticated within this time (default: ${DEFAULT-VALUE}).")
    long authTimeoutSeconds = ServerConfig.defaults().authTimeout().toSeconds();

    @Option(names = "--max-pending-input", paramLabel = "BYTES",
            description = "RSP/1: stdin or upload bytes one request may have sent that the command (or disk) has not taken yet;"
                    + " the client's window, or TCP back-pressure (default: ${DEFAULT-VALUE}).")
    int maxPendingInput = ServerLimits.defaults().maxPendingInput();

    @Option(names = "--max-pending-input-per-connection", paramLabel = "BYTES",
            description = "RSP/1: the same for all requests of one connection together (default: ${DEFAULT-VALUE}).")
    int maxPendingInputPerConnection = ServerLimits.defaults().maxPendingInputPerConnection();

    @Option(names = "--max-startups", paramLabel = "N",
            description = "Unauthenticated connections at once, per port; when full, the oldest of the address holding most"
                    + " is dropped to make room, so idle connections cannot lock users out (default: ${DEFAULT-VALUE}).")
    int maxStartups = ServerLimits.defaults().maxStartups();

    @Option(names = "--max-startups-per-source", paramLabel = "N",
            description = "Unauthenticated connections from one address, per port; beyond it that address's oldest is dropped"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxStartupsPerSource = ServerLimits.defaults().maxStartupsPerSource();

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
        SshConfig ssh = SshConfig.defaults().withEnabled(!noSsh).withPort(sshPort).withPasswordAuth(!noPasswordAuth)
                .withAllowForwarding(allowForwarding).withAcceptEnv(acceptEnv).withSftpRoot(sftpRoot)
                .withIdleTimeout(Duration.ofSeconds(sshIdleSeconds));
        ServerConfig config = ServerConfig.defaults().withBindAddress(bind).withRspPort(rspPort).withStateDir(state.stateDir)
                .withMaxConnections(maxConnections).withMaxSessions(maxSessions)
                .withAuthTimeout(Duration.ofSeconds(authTimeoutSeconds)).withRspEnabled(!noRsp).withSsh(ssh)
                .withRsps(new RspsConfig(!noRsps, rspsPort, allowPlaintextRsp))
                .withLimits(new ServerLimits(maxPendingInput, maxPendingInputPerConnection, maxStartups, maxStartupsPerSource))
                .withUdpEnabled(!noUdp);
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

    @Command(name = "user", description = "Manages the users allowed to connect.", subcommands = {User.Add.class, User.Passwd.class,
            User.ListUsers.class, User.Remove.class, User.Token.class})
    static final class User {

        @Command(name = "add", description = "Creates a user with a fresh token and prints where the token is.")
        static final class Add implements Callable<Integer> {

            @Parameters(paramLabel = "NAME", description = "User name: a lowercase letter or _, then up to 31 of a-z 0-9 _ . -")
            String name;

            @CommandLine.Mixin
            StateDirOption state = new StateDirOption();

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                Path token = new UserStore(state.stateDir).add(name);
                PrintWriter out = spec.commandLine().getOut();
                out.println("created user " + name + "; token in " + token);
                out.flush();
                return 0;
            }
        }

        @Command(name = "list", description = "Prints the users' names, one a line.")
        static final class ListUsers implements Callable<Integer> {

            @CommandLine.Mixin
            StateDirOption state = new StateDirOption();

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                PrintWriter out = spec.commandLine().getOut();
                new UserStore(state.stateDir).list().forEach(out::println);
                out.flush();
                return 0;
            }
        }

        @Command(name = "remove", description = {"Removes a user: token, password and authorized keys.",
            "New logins are refused at once; connections already open go on until they end (as with sshd)."})
        static final class Remove implements Callable<Integer> {

            @Parameters(paramLabel = "NAME", description = "An existing user.")
            String name;

            @CommandLine.Mixin
            StateDirOption state = new StateDirOption();

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                new UserStore(state.stateDir).remove(name);
                PrintWriter out = spec.commandLine().getOut();
                out.println("removed user " + name);
                out.flush();
                return 0;
            }
        }

        @Command(name = "token", description = {"Prints where a user's token is; with --rotate, replaces it first.",
            "A rotated token works at once and the old one stops working at once (for new logins)."})
        static final class Token implements Callable<Integer> {

            @Parameters(paramLabel = "NAME", description = "An existing user.")
            String name;

            @Option(names = "--rotate", description = "give the user a fresh token")
            boolean rotate;

            @CommandLine.Mixin
            StateDirOption state = new StateDirOption();

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                UserStore users = new UserStore(state.stateDir);
                PrintWriter out = spec.commandLine().getOut();
                if (rotate) {
                    out.println("new token for " + name + " in " + users.rotateToken(name) + "; the old one no longer works");
                } else if (users.exists(name)) {
                    out.println(users.tokenFile(name));
                } else {
                    throw new IllegalArgumentException("no user \"" + name + "\"; rshelld user list shows them");
                }
                out.flush();
                return 0;
            }
        }

        @Command(name = "passwd", description = {"Sets the SSH password of a user; only its Argon2id hash is stored.",
            "Reads the password from standard input when that is not a terminal (one line), else asks twice."})
        static final class Passwd implements Callable<Integer> {

            @Parameters(paramLabel = "NAME", description = "An existing user.")
            String name;

            @CommandLine.Mixin
            StateDirOption state = new StateDirOption();

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                char[] password = interactiveConsole() != null ? prompt(interactiveConsole()) : readLine();
                try {
                    new UserStore(state.stateDir).setPassword(name, password);
                } finally {
                    Arrays.fill(password, '\0');
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println("password of " + name + " set");
                out.flush();
                return 0;
            }

            private char[] prompt(Console console) {
                char[] first = console.readPassword("new password for %s: ", name);
                char[] second = console.readPassword("again: ");
                if (first == null || second == null) {
                    throw new IllegalArgumentException("no password given (end of input)");
                }
                if (!Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("the two passwords differ; nothing changed");
                }
                Arrays.fill(second, '\0');
                return first;
            }

            private static char[] readLine() throws IOException {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IllegalArgumentException("no password on standard input; give one line, e.g. printf '%s\\n' \"$PW\" | rshelld user passwd NAME");
                }
                return line.toCharArray();
            }

            /**
             * The console when a person is at a terminal. Up to JDK 21 System.console() is null unless stdin and stdout
             * are terminals; from JDK 22 it always exists and Console.isTerminal() (looked up reflectively to run on 17) tells.
             */
            private static Console interactiveConsole() {
                Console console = System.console();
                if (console == null) {
                    return null;
                }
                try {
                    return (Boolean) Console.class.getMethod("isTerminal").invoke(console) ? console : null;
                } catch (ReflectiveOperationException e) {
                    return console;
                }
            }
        }
    }
}
