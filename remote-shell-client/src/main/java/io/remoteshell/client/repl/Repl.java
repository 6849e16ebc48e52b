package io.remoteshell.client.repl;

import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.InteractiveShell;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.client.Session;
import io.remoteshell.client.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

/**
 * The interactive rshell: reads lines with JLine (history, Ctrl-R, Tab), runs them remotely in the
 * tracked working directory with output streaming to the terminal, and handles the built-ins.
 * The decisions live in small classes ({@link Action}, {@link WorkingDirectory}, {@link Prompt},
 * {@link RemoteCompleter}, {@link Screen}); this class wires them to the terminal and the session.
 */
public final class Repl {

    /** Opens a new session to the same target with the same credentials, for reconnecting. */
    @FunctionalInterface
    public interface Connector {
        Session connect() throws IOException;
    }

    /**
     * How the REPL is set up.
     *
     * @param label         the target as the user gave it, for messages
     * @param user          the remote user name for the prompt
     * @param remoteCharset the charset the server's commands write
     * @param historyFile   where the history is kept (its directory is made 0700)
     * @param progress      a progress display for get and put, given a task name
     */
    public record Options(String label, String user, Charset remoteCharset, Path historyFile,
                          Function<String, TransferListener> progress) {
    }

    static final Duration COMPLETION_TTL = Duration.ofSeconds(10);
    static final Duration COMPLETION_WAIT = Duration.ofMillis(700);

    private final Terminal terminal;
    private final Connector connector;
    private final Options options;
    private final Screen screen;
    /** A terminal JLine cannot drive (TERM=dumb, a pipe): it reads plain lines and leaves the cursor where the input left it. */
    private final boolean dumb;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rshell-completion");
        t.setDaemon(true);
        return t;
    });
    private final CompletionCache<String> listings;
    private volatile Session session;
    private volatile WorkingDirectory cwd;
    private Prompt prompt;
    private LineReader reader;
    private int lastExit;

    private Repl(Terminal terminal, Session session, Connector connector, Options options) {
        this.terminal = terminal;
        this.session = session;
        this.connector = connector;
        this.options = options;
        this.dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        boolean colour = !dumb && terminal.getNumericCapability(InfoCmp.Capability.max_colors) != null
                && terminal.getNumericCapability(InfoCmp.Capability.max_colors) >= 8;
        this.screen = new Screen(terminal.output(), colour, options.remoteCharset(), terminal.encoding());
        this.listings = new CompletionCache<>(this::list, COMPLETION_TTL, COMPLETION_WAIT, background, System::nanoTime);
    }

    /** Runs the REPL on {@code terminal} until exit, Ctrl-D, or a lost connection the user does not restore; returns the exit status. */
    public static int run(Terminal terminal, Session session, Connector connector, Options options) throws IOException {
        Repl repl = new Repl(terminal, session, connector, options);
        try {
            return repl.loop();
        } finally {
            repl.background.shutdownNow();
            repl.session.close();
        }
    }

    private int loop() throws IOException {
        RemoteHost host = RemoteHost.probe(session, options.remoteCharset(), options.label());
        cwd = new WorkingDirectory(host.startDir(), host.home());
        prompt = new Prompt(options.user(), host.name(), host.root());
        reader = newReader();
        while (true) {
            screen.endLine();
            String line;
            try {
                line = reader.readLine(prompt.render(cwd, lastExit));
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                endInputLine();
                return 0;
            }
            Action action = Action.parse(line);
            if (action instanceof Action.Exit exit) {
                return exit.code() == null ? 0 : exit.code();
            }
            try {
                lastExit = perform(action);
            } catch (ConnectionLostException e) {
                screen.endLine();
                screen.print("rshell: the connection to " + options.label() + " was lost: " + e.getMessage() + "\n");
                if (!reconnect()) {
                    return 255;
                }
                // The 255 was the lost connection's, reported above; a fresh connection starts with a clean prompt.
                lastExit = 0;
            }
        }
    }

    /**
     * After Ctrl-D at a question, so that what comes next (the shell's prompt) starts a line of its own, as after bash.
     * JLine ends the line itself on a terminal it drives; on a dumb one the cursor stays after the prompt.
     */
    private void endInputLine() throws IOException {
        if (dumb) {
            screen.print("\n");
        }
    }

    private LineReader newReader() throws IOException {
        Path history = options.historyFile();
        Path dir = history.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        LineReader r = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("rshell")
                .completer(new RemoteCompleter(listings, () -> cwd))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .build();
        // !CMD is a local command here, not csh history expansion.
        r.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        r.setOpt(LineReader.Option.HISTORY_IGNORE_SPACE);
        return r;
    }

    /** Runs one line's action and returns its exit status for the prompt. */
    private int perform(Action action) throws IOException {
        try {
            if (action instanceof Action.Help) {
                return help();
            } else if (action instanceof Action.Usage u) {
                return message(u.message(), 2);
            } else if (action instanceof Action.Cd cd) {
                return cd(cd.arg());
            } else if (action instanceof Action.Remote r) {
                return remote(r.commandLine());
            } else if (action instanceof Action.Local l) {
                return local(l.commandLine());
            } else if (action instanceof Action.Get g) {
                return get(g);
            } else if (action instanceof Action.Put p) {
                return put(p);
            } else if (action instanceof Action.Shell) {
                return shell();
            }
            // Nothing typed (and exit, which the loop handles): the status stays.
            return lastExit;
        } catch (ConnectionLostException e) {
            throw e;
        } catch (RemoteErrorException e) {
            return message(e.remoteMessage(), 1);
        } catch (IOException e) {
            return message(e.getMessage() == null ? e.toString() : e.getMessage(), 1);
        }
    }

    private int message(String text, int status) throws IOException {
        screen.endLine();
        screen.print("rshell: " + text + "\n");
        return status;
    }

    private int remote(String commandLine) throws IOException {
        OutputStream out = screen.stdout();
        OutputStream err = screen.stderr();
        RemoteProcess process = session.start(Command.shell(commandLine).cwd(cwd.current()), out, err);
        // Commands read no keyboard input here (as with ssh -n); `shell` is the place for interactive programs.
        process.getOutputStream().close();
        AtomicInteger interrupts = new AtomicInteger();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
            // The first Ctrl-C asks the remote group to stop; a second one insists.
            try {
                process.signal(interrupts.getAndIncrement() == 0 ? "INT" : "KILL");
            } catch (IOException e) {
                // The connection is gone; waitForResult reports it.
            }
        });
        try {
            ExecResult result = process.waitForResult();
            return result.exitCode();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            out.close();
            err.close();
            listings.clear();
            if (interrupts.get() > 0) {
                // The terminal echoed ^C where the output stopped; the prompt goes on the next line, as in a shell.
                screen.print("\n");
            }
        }
    }

    private int cd(String arg) throws IOException {
        String target = cwd.target(arg).orElse(null);
        if (target == null) {
            return message("cd: no previous directory yet", 1);
        }
        OutputStream err = screen.stderr();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ExecResult r = session.exec(Command.shell(WorkingDirectory.resolveCommand(target)).cwd(cwd.current()), out, err);
        err.close();
        if (r.exitCode() != 0) {
            return r.exitCode();
        }
        String[] lines = out.toString(options.remoteCharset()).split("\n");
        cwd.moveTo(lines[lines.length - 1]);
        return 0;
    }

    private int local(String commandLine) throws IOException {
        screen.endLine();
        Process process = new ProcessBuilder("/bin/sh", "-c", commandLine).inheritIO().start();
        // The local command is in the terminal's foreground group: Ctrl-C reaches it directly, and must not end rshell.
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return 130;
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    private int get(Action.Get get) throws IOException {
        String remote = cwd.absolute(get.remote());
        Path local = Path.of(get.local() == null ? "." : get.local());
        TransferListener progress = options.progress().apply("get " + get.remote());
        boolean cancelled = false;
        try {
            cancellable(c -> session.get(remote, local, progress.cancelledWhen(c)));
        } catch (InterruptedIOException e) {
            cancelled = true;
        } finally {
            // Before the verdict is printed, so that the bar's last line does not land after it.
            closeProgress(progress);
        }
        return cancelled ? message("get " + remote + ": cancelled; nothing was left behind", 130)
                : message("get " + remote + ": SHA-256 verified", 0);
    }

    private int put(Action.Put put) throws IOException {
        Path local = Path.of(put.local());
        if (!Files.isRegularFile(local)) {
            return message("put: " + local + " is not a file here", 1);
        }
        String name = local.getFileName().toString();
        String remote = put.remote() == null ? cwd.absolute(name) : cwd.absolute(put.remote());
        if (put.remote() != null && (put.remote().endsWith("/") || isRemoteDirectory(remote))) {
            remote = (remote.endsWith("/") ? remote : remote + "/") + name;
        }
        TransferListener progress = options.progress().apply("put " + name);
        boolean cancelled = false;
        try {
            String target = remote;
            cancellable(c -> session.put(local, target, progress.cancelledWhen(c)));
        } catch (InterruptedIOException e) {
            cancelled = true;
        } finally {
            closeProgress(progress);
        }
        if (cancelled) {
            return message("put " + remote + ": cancelled; nothing was left behind", 130);
        }
        listings.clear();
        return message("put " + remote + ": SHA-256 verified", 0);
    }

    /** A transfer that Ctrl-C cancels (the library removes its temporary file) instead of ending rshell. */
    private void cancellable(Transfer transfer) throws IOException {
        Thread me = Thread.currentThread();
        AtomicBoolean cancelled = new AtomicBoolean();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
            cancelled.set(true);
            me.interrupt();
        });
        try {
            transfer.run(cancelled::get);
        } catch (IOException e) {
            if (cancelled.get() && !(e instanceof InterruptedIOException)) {
                // A copy loop that met the interrupt as a closed channel: still the user's Ctrl-C.
                throw new InterruptedIOException(e.getMessage());
            }
            throw e;
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a Ctrl-C that came as the copy ended must not hit the next prompt
        }
    }

    @FunctionalInterface
    private interface Transfer {
        void run(BooleanSupplier cancelled) throws IOException;
    }

    private boolean isRemoteDirectory(String path) throws IOException {
        return session.exec(Command.argv("test", "-d", path)).exitCode() == 0;
    }

    private static void closeProgress(TransferListener progress) {
        if (progress instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // Only the progress display is affected.
            }
        }
    }

    private int shell() throws IOException {
        InteractiveShell shell;
        try {
            shell = session.shell(terminal.getType(), Math.max(terminal.getWidth(), 1), Math.max(terminal.getHeight(), 1));
        } catch (UnsupportedOperationException e) {
            return message("shell: " + e.getMessage(), 1);
        }
        screen.endLine();
        return TerminalRelay.run(terminal, shell);
    }

    private int help() throws IOException {
        screen.endLine();
        screen.print(String.join("\n", List.of(
                "Commands run on " + options.label() + " through its /bin/sh, in the directory the prompt shows.",
                "Built-ins:",
                "  cd [DIR]              change the remote directory (cd alone: home, cd -: back)",
                "  get REMOTE [LOCAL]    download a file (progress bar, SHA-256 checked)",
                "  put LOCAL [REMOTE]    upload a file (progress bar, SHA-256 checked)",
                "  shell                 an interactive login shell on a remote terminal (ssh:// only)",
                "  !COMMAND              run COMMAND here, on this machine",
                "  help                  this text",
                "  exit                  leave (Ctrl-D too)",
                "Keys: Tab completes commands and remote paths; Up/Down and Ctrl-R search the history",
                "(" + options.historyFile() + "); Ctrl-C interrupts the running command (twice: kills it)",
                "or clears the line. Commands get no keyboard input: use `shell` for interactive programs.",
                "")));
        return 0;
    }

    /** Offers to reconnect until it works or the user declines; keeps the working directory. */
    private boolean reconnect() throws IOException {
        while (true) {
            String answer;
            // The answer is no command: Up must not recall it.
            reader.variable(LineReader.DISABLE_HISTORY, true);
            try {
                answer = reader.readLine("Reconnect to " + options.label() + "? [Y/n] ");
            } catch (UserInterruptException | EndOfFileException e) {
                endInputLine();
                return false;
            } finally {
                reader.variable(LineReader.DISABLE_HISTORY, false);
            }
            if (answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("n")) {
                return false;
            }
            try {
                Session fresh = connector.connect();
                session.close();
                session = fresh;
                listings.clear();
                screen.print("rshell: reconnected to " + options.label() + "\n");
                return true;
            } catch (IOException e) {
                screen.print("rshell: cannot reconnect: " + e.getMessage() + "\n");
            }
        }
    }

    /** Fetches a completion listing with the current session; a failure is an empty listing. */
    private List<String> list(String key) {
        String line = key.equals(RemoteCompleter.COMMANDS) ? RemoteCompleter.listCommandsLine() : RemoteCompleter.listDirectoryLine(key);
        try {
            ExecResult r = session.exec(Command.shell(line).timeout(Duration.ofSeconds(10)));
            if (r.exitCode() != 0) {
                return List.of();
            }
            return Arrays.stream(r.stdoutText(options.remoteCharset()).split("\n")).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
