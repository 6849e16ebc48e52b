package io.remoteshell.client.repl;

import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.Session;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * rshell's session fed from a pipe, as {@code sh -s} reads one: no prompts, each line run in turn (the built-ins
 * cd, get, put and exit [N] too), remote stdout to stdout and stderr to stderr byte for byte, rshell's own messages
 * on stderr, and the last command's status as the exit status. A lost connection ends it with 255.
 */
public final class ReplScript {

    private final Session session;
    private final Charset remoteCharset;
    private final OutputStream out;
    private final OutputStream err;
    private final PrintStream messages;
    private WorkingDirectory cwd;
    private int lastExit;

    private ReplScript(Session session, Charset remoteCharset, OutputStream out, OutputStream err) {
        this.session = session;
        this.remoteCharset = remoteCharset;
        this.out = out;
        this.err = err;
        this.messages = new PrintStream(err, true, Charset.defaultCharset());
    }

    /** Runs every line of {@code lines} on {@code session}; returns the exit status. */
    public static int run(Session session, Charset remoteCharset, BufferedReader lines, OutputStream out, OutputStream err)
            throws IOException {
        return new ReplScript(session, remoteCharset, out, err).loop(lines);
    }

    private int loop(BufferedReader lines) throws IOException {
        RemoteHost host = RemoteHost.probe(session, remoteCharset, "");
        cwd = new WorkingDirectory(host.startDir(), host.home());
        String line;
        while ((line = lines.readLine()) != null) {
            Action action = Action.parse(line);
            if (action instanceof Action.Exit exit) {
                // As sh: a plain exit keeps the last command's status.
                return exit.code() == null ? lastExit : exit.code();
            }
            try {
                lastExit = perform(action);
            } catch (ConnectionLostException e) {
                messages.println("rshell: the connection was lost: " + e.getMessage());
                return 255;
            }
        }
        return lastExit;
    }

    private int perform(Action action) throws IOException {
        try {
            if (action instanceof Action.Remote r) {
                ExecResult result = session.exec(Command.shell(r.commandLine()).cwd(cwd.current()), out, err);
                out.flush();
                return result.exitCode();
            } else if (action instanceof Action.Cd cd) {
                return cd(cd.arg());
            } else if (action instanceof Action.Get g) {
                session.get(cwd.absolute(g.remote()), Path.of(g.local() == null ? "." : g.local()));
                return 0;
            } else if (action instanceof Action.Put p) {
                String name = Path.of(p.local()).getFileName().toString();
                String remote = p.remote() == null ? cwd.absolute(name) : cwd.absolute(p.remote());
                if (p.remote() != null && (p.remote().endsWith("/")
                        || session.exec(Command.argv("test", "-d", remote)).exitCode() == 0)) {
                    remote = (remote.endsWith("/") ? remote : remote + "/") + name;
                }
                session.put(Path.of(p.local()), remote);
                return 0;
            } else if (action instanceof Action.Local l) {
                return local(l.commandLine());
            } else if (action instanceof Action.Usage u) {
                return message(u.message(), 2);
            } else if (action instanceof Action.Shell) {
                return message("shell: needs a terminal (stdin is not one)", 1);
            } else if (action instanceof Action.Help) {
                return message("help: the built-ins are cd, get, put, exit [N] and !COMMAND; other lines run remotely", 0);
            }
            return lastExit;
        } catch (ConnectionLostException e) {
            throw e;
        } catch (RemoteErrorException e) {
            return message(e.remoteMessage(), 1);
        } catch (IOException e) {
            return message(e.getMessage() == null ? e.toString() : e.getMessage(), 1);
        }
    }

    private int cd(String arg) throws IOException {
        String target = cwd.target(arg).orElse(null);
        if (target == null) {
            return message("cd: no previous directory yet", 1);
        }
        ByteArrayOutputStream where = new ByteArrayOutputStream();
        ExecResult r = session.exec(Command.shell(WorkingDirectory.resolveCommand(target)).cwd(cwd.current()), where, err);
        if (r.exitCode() != 0) {
            return r.exitCode();
        }
        String[] lines = where.toString(remoteCharset).split("\n");
        cwd.moveTo(lines[lines.length - 1]);
        return 0;
    }

    private int local(String commandLine) throws IOException {
        out.flush();
        // Its stdin is not the script's: the next lines are for rshell.
        Process process = new ProcessBuilder("/bin/sh", "-c", commandLine)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return 130;
        }
    }

    private int message(String text, int status) {
        messages.println("rshell: " + text);
        return status;
    }
}
