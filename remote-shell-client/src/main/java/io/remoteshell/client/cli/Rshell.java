package io.remoteshell.client.cli;

import io.remoteshell.client.Command;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.RemoteShellException;
import io.remoteshell.client.Session;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rshell}: runs one command remotely like {@code ssh host cmd}, or copies a file with {@code get} and {@code put}. */
@CommandLine.Command(
        name = "rshell",
        mixinStandardHelpOptions = true,
        version = "rshell 0.1.0",
        subcommands = {GetCommand.class, PutCommand.class},
        description = {
            "Runs COMMAND on the remote shell TARGET, streaming its output and forwarding stdin when it is not a terminal.",
            "The words of COMMAND are joined with spaces and run by the remote /bin/sh -c, as ssh does.",
            "Exit status: the remote command's; 128+N when it died of signal N; 255 when the connection or authentication failed."
        },
        footer = {"", "Token: --token-file, else $RSHELL_TOKEN, else ~/.rshell/server/users/USER/token (the local rshelld's)."})
public final class Rshell implements Callable<Integer> {

    private static final int SIGPIPE_STATUS = 128 + 13;

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the token to authenticate with")
    Path tokenFile;

    @Option(names = "-n", description = "do not forward stdin (the remote command reads EOF at once)")
    boolean noStdin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "rsp://USER@HOST[:PORT] (port 9900 by default)")
    String target;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "the command and its arguments")
    List<String> command = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Rshell());
        // Everything after TARGET belongs to the remote command, dashes included: rshell rsp://h ls -la
        cli.setStopAtPositional(true);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        try {
            if (target == null || command.isEmpty()) {
                throw new Failure(Failure.USAGE, (target == null ? "no TARGET given" : "no command given for " + target)
                        + "; interactive sessions are not supported yet. Usage: rshell [--token-file F] [-n] "
                        + "rsp://USER@HOST:PORT COMMAND [ARG...]   (rshell --help for more)");
            }
            try (Session session = open(target, tokenFile)) {
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
        if (noStdin || Terminals.isTerminal(Terminals.STDIN)) {
            closeQuietly(process.getOutputStream());
        } else {
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

    /** Parses TARGET, finds the token and connects; every failure here is a connection failure (255), but a bad TARGET is a usage error. */
    static Session open(String target, Path tokenFile) throws Failure {
        Endpoint endpoint;
        URI uri;
        try {
            uri = new URI(target);
            endpoint = Endpoint.parse(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new Failure(Failure.USAGE, "bad TARGET " + target + ": " + e.getMessage());
        }
        try {
            Credentials credentials = TokenLookup.find(tokenFile, endpoint.user(), System.getenv(),
                    Path.of(System.getProperty("user.home")));
            return RemoteShell.connect(uri, credentials);
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
