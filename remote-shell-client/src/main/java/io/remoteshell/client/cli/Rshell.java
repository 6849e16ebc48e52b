package io.remoteshell.client.cli;

import io.remoteshell.client.Command;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.InteractiveShell;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.client.RemoteShellException;
import io.remoteshell.client.Session;
import io.remoteshell.client.cli.fleet.FleetCli;
import io.remoteshell.client.ssh.LazyBouncyCastle;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import io.remoteshell.client.repl.Repl;
import io.remoteshell.client.repl.ReplScript;
import io.remoteshell.client.repl.TerminalRelay;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rshell}: an interactive session like {@code ssh host} (the {@link Repl}), one command run remotely like
 * {@code ssh host cmd}, or files copied with {@code cp} (or {@code get} and {@code put}); over RSP/1 or SSH.
 */
@CommandLine.Command(
        name = "rshell",
        mixinStandardHelpOptions = true,
        version = "rshell 0.1.0",
        subcommands = {CpCommand.class, GetCommand.class, PutCommand.class, PingCommand.class, DiscoverCommand.class,
            picocli.AutoComplete.GenerateCompletion.class},
        description = {
            "Without COMMAND: an interactive session on TARGET (type help there).",
            "With COMMAND: runs it on TARGET, streaming its output and forwarding stdin (unless -n), as ssh does.",
            "The words of COMMAND are joined with spaces and run by the remote /bin/sh -c, as ssh does.",
            "Exit status: the remote command's; 128+N when it died of signal N; 255 when the connection or authentication failed."
        },
        footer = {"", LoginOptions.TARGET_HELP, LoginOptions.TOKEN_HELP, LoginOptions.SSH_HELP, FleetCli.HELP})
public final class Rshell implements Callable<Integer> {

    private static final int SIGPIPE_STATUS = 128 + 13;

    @CommandLine.Mixin
    LoginOptions login;

    @Option(names = "-n", description = "do not forward stdin (the remote command reads EOF at once)")
    boolean noStdin;

    @Option(names = "-t", description = "run COMMAND on a remote terminal (ssh://), as ssh -t: for top, vi, sudo; "
            + "-tt even when stdin is not a terminal. Without COMMAND: a login shell instead of rshell's prompt")
    boolean[] tty = new boolean[0];

    @Option(names = "-T", description = "no remote terminal (the default with a COMMAND)")
    boolean noTty;

    @Option(names = "--remote-charset", paramLabel = "CHARSET",
            description = "the encoding the server's commands write, e.g. GBK (interactive sessions; default UTF-8)")
    Charset remoteCharset = StandardCharsets.UTF_8;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = LoginOptions.TARGET_FORMS)
    String target;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "the command and its arguments")
    List<String> command = new ArrayList<>();

    public static void main(String[] args) {
        // Before any logger exists: rshell's own logging set-up (the library jar imposes none on applications).
        System.setProperty(CliLogging.PROPERTY, CliLogging.CLI);
        if (System.getProperty(CliLogProvider.SLF4J_PROVIDER) == null) {
            System.setProperty(CliLogProvider.SLF4J_PROVIDER, CliLogProvider.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                // Else SLF4J says at INFO that it loads the provider it was told to.
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
        System.exit(run(args));
    }

    static int run(String... args) {
        if (FleetCli.selected(args)) {
            LazyBouncyCastle.register();
            return FleetCli.run(args);
        }
        Callable<Integer> oneShot = OneShotArgs.transfer(args);
        if (oneShot == null) {
            oneShot = OneShotArgs.parse(args);
        }
        // Bouncy Castle for MINA, built only when a connection needs more of it than Ed25519 and X25519. Not for a
        // command line that names an rsp:// or rsps:// target, which never reaches MINA: registering a provider makes
        // the JDK load every provider of java.security (SunPKCS11, SunEC, SunJSSE, ...), a sixth of such a run.
        if (!(oneShot instanceof Rshell direct && OneShotArgs.isRsp(direct.target))) {
            LazyBouncyCastle.register();
        }
        if (oneShot != null) {
            try {
                return oneShot.call();
            } catch (Exception e) {
                // As picocli's execute() ends a command that threw: the trace, status 1.
                e.printStackTrace();
                return 1;
            }
        }
        CommandLine cli = new CommandLine(new Rshell());
        // Everything after TARGET and its options belongs to the remote command, dashes included: rshell rsp://h ls -la
        cli.setStopAtPositional(true);
        // ...but ping, discover and the copies run nothing remotely: their options may follow the operands, as cp's do.
        for (String own : List.of("ping", "discover", "cp", "get", "put")) {
            cli.getSubcommands().get(own).setStopAtPositional(false);
        }
        cli.setParameterExceptionHandler(Rshell::usageError);
        return cli.execute(SshArgs.reorder(cli.getCommandSpec(), args));
    }

    /** A mistyped command line is one line naming the mistake, not the whole help. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        String what = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            what = first.startsWith("-") ? "unknown option " + first : "unexpected argument " + first;
        }
        e.getCommandLine().getErr().println(command + ": " + what + " (" + command + " --help lists the options)");
        return Failure.USAGE;
    }

    @Override
    public Integer call() {
        try {
            if (target == null) {
                throw new Failure(Failure.USAGE, "no TARGET given. Usage: rshell [OPTIONS] TARGET [COMMAND [ARG...]]"
                        + "   (rshell --help for more)");
            }
            boolean stdinIsTerminal = Terminals.isTerminal(Terminals.STDIN);
            if (command.isEmpty()) {
                return tty.length > 0 && !noTty ? loginShell() : interactive();
            }
            boolean pty = !noTty && (tty.length >= 2 || (tty.length == 1 && stdinIsTerminal));
            if (tty.length == 1 && !noTty && !stdinIsTerminal && !login.quiet) {
                System.err.println("rshell: Pseudo-terminal will not be allocated because stdin is not a terminal.");
            }
            Login connection = login.to(target, Terminals.forQuestions());
            if (pty) {
                return onTerminal(connection);
            }
            try (Session session = connection.open()) {
                return execute(session);
            }
        } catch (Failure f) {
            System.err.println("rshell: " + f.getMessage());
            return f.exitCode();
        }
    }

    private int execute(Session session) throws Failure {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        SignalForwarder signals = SignalForwarder.install();
        RemoteProcess process;
        try {
            process = session.start(Command.shell(String.join(" ", command)), stdout, stderr);
        } catch (IOException e) {
            throw new Failure(Failure.CONNECTION, Failure.describe(e));
        }
        signals.forwardTo(process);
        if (noStdin) {
            closeQuietly(process.getOutputStream());
        } else {
            // From a pipe or from the keyboard alike, as ssh does: `rshell host 'read x; echo $x'` waits for a line.
            StdinForwarder.start(process);
        }
        try {
            ExecResult result = process.waitForResult();
            return result.exitCode();
        } catch (RemoteShellException e) {
            throw new Failure(Failure.CONNECTION, Failure.describe(e));
        } catch (IOException e) {
            if (e.getCause() instanceof IOException sink && "Broken pipe".equals(sink.getMessage())) {
                // Our reader went away (rshell ... | head): end quietly, as a local command dies of SIGPIPE.
                return SIGPIPE_STATUS;
            }
            throw new Failure(Failure.FAILED, Failure.describe(e));
        }
    }

    /** The REPL on this terminal (or, with stdin not a terminal, on lines read from stdin). */
    private int interactive() throws Failure {
        if (!Terminals.isTerminal(Terminals.STDIN)) {
            return script();
        }
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().name("rshell").system(true).dumb(true).build();
        } catch (IOException e) {
            throw new Failure(Failure.FAILED, "cannot open the terminal: " + Failure.describe(e));
        }
        try (terminal) {
            Login connection = login.to(target, Terminals.isTerminal(Terminals.STDIN) ? () -> terminal : null);
            Session session = connection.open();
            Path history = Path.of(System.getProperty("user.home"), ".rshell", "history");
            return Repl.run(terminal, session, connection, new Repl.Options(connection.endpoint().toString(),
                    connection.endpoint().user(), remoteCharset, history, task -> Progress.forStderr(task, login.quiet).listener()));
        } catch (IOException e) {
            throw new Failure(Failure.CONNECTION, Failure.describe(e));
        }
    }

    /** Lines from a pipe, run as {@code sh -s} runs them: no prompts, the last command's status. */
    private int script() throws Failure {
        try (Session session = login.to(target, null).open()) {
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(System.in, Charset.defaultCharset()));
            return ReplScript.run(session, remoteCharset, lines, new FileOutputStream(FileDescriptor.out),
                    new FileOutputStream(FileDescriptor.err));
        } catch (IOException e) {
            throw new Failure(Failure.CONNECTION, Failure.describe(e));
        }
    }

    /** {@code rshell -t HOST COMMAND}: the command on a remote terminal, this terminal raw and put through to it. */
    private int onTerminal(Login connection) throws Failure {
        return throughTerminal(connection, (session, t) -> session.shell(Command.shell(String.join(" ", command)),
                t.getType(), Math.max(t.getWidth(), 1), Math.max(t.getHeight(), 1)));
    }

    /** {@code rshell -t HOST}: a login shell on a remote terminal, as plain {@code ssh HOST} gives. */
    private int loginShell() throws Failure {
        return throughTerminal(login.to(target, Terminals.forQuestions()),
                (session, t) -> session.shell(t.getType(), Math.max(t.getWidth(), 1), Math.max(t.getHeight(), 1)));
    }

    @FunctionalInterface
    private interface TerminalOpener {
        InteractiveShell open(Session session, Terminal terminal) throws IOException;
    }

    private int throughTerminal(Login connection, TerminalOpener opener) throws Failure {
        if (!connection.endpoint().scheme().equals("ssh")) {
            throw new Failure(Failure.USAGE, "-t needs a remote terminal, which only ssh:// targets have; "
                    + connection.endpoint().scheme() + ":// runs commands without one (leave out -t)");
        }
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().name("rshell").system(true).dumb(true).build();
        } catch (IOException e) {
            throw new Failure(Failure.FAILED, "cannot open the terminal: " + Failure.describe(e));
        }
        try (terminal; Session session = connection.open()) {
            InteractiveShell shell;
            try {
                shell = opener.open(session, terminal);
            } catch (IOException e) {
                throw new Failure(Failure.CONNECTION, Failure.describe(e));
            }
            return TerminalRelay.run(terminal, shell);
        } catch (IOException e) {
            throw new Failure(Failure.CONNECTION, Failure.describe(e));
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // The command already ended; its stdin is gone either way.
        }
    }

    /** Used by the subcommands: prints the failure and returns its status. */
    static int fail(Failure f, PrintStream err) {
        err.println("rshell: " + f.getMessage());
        return f.exitCode();
    }
}
