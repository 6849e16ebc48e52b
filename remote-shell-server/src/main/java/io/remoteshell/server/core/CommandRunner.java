package io.remoteshell.server.core;

import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.UnixPtyProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts commands, each in its own session and process group, and keeps a registry of every
 * command still running so that a lost connection or a shutdown can signal all of them.
 * <p>
 * On Linux with glibc 2.34+ a command costs one posix_spawn(3) ({@link SpawnedProcess}): the
 * child gets its own session, default signal dispositions, its directory and its pipes before it
 * execs, and its output is pumped by the shared {@link PipePoller}. Elsewhere each command runs
 * under {@code /usr/bin/setsid} and {@code /usr/bin/env --default-signal} from the JDK's spawn:
 * a child forked by the JVM is never a process group leader, so setsid() succeeds without forking
 * again. Either way the pid is the session and process group id. A program that cannot be found is
 * reported up front as {@link Refusal#EXEC_FAILED} by searching PATH ourselves; for a shell
 * command line the shell decides, and a missing program there is exit code 127 as in any shell.
 * <p>
 * A command with a {@link Terminal} runs on a new pseudo-terminal instead of pipes (pty4j): its
 * child calls setsid() and takes the pty as its controlling tty, so again pid == session id ==
 * process group id, and the runner's signals, timeouts and shutdown work on it unchanged.
 */
public final class CommandRunner implements AutoCloseable {

    static final Duration LEADER_EXIT_CHECK = Duration.ofMillis(100);
    static final Duration LEADER_EXIT_GRACE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final String SETSID = "/usr/bin/setsid";
    private static final String ENV = "/usr/bin/env";
    private static final Duration AFTER_KILL_WAIT = Duration.ofSeconds(3);

    private final PathResolver paths;
    private final Set<RunningCommand> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "command-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<BiConsumer<CommandSpec, RunningCommand>> startObservers = new CopyOnWriteArrayList<>();
    private volatile boolean shuttingDown;
    private volatile PipePoller poller;

    public CommandRunner(PathResolver paths) {
        this.paths = paths;
    }

    /**
     * Starts the command; {@link CommandListener#started} has been called when this returns.
     *
     * @throws RequestException BAD_FRAME for a malformed spec, EXEC_FAILED when it cannot be started,
     *                          SHUTTING_DOWN once {@link #shutdown} began
     */
    public RunningCommand start(CommandSpec spec, CommandListener listener) throws RequestException, IOException {
        spec.validate();
        if (shuttingDown) {
            throw new RequestException(Refusal.SHUTTING_DOWN, "the server is shutting down; no new commands are started");
        }
        Path cwd = spec.cwd() == null ? paths.home() : paths.resolve(spec.cwd());
        if (!Files.isDirectory(cwd)) {
            throw new RequestException(Refusal.EXEC_FAILED, "no such directory: " + cwd);
        }
        List<String> program = new ArrayList<>();
        Path executable;
        if (spec.command() != null) {
            executable = Path.of("/bin/sh");
            program.addAll(List.of("/bin/sh", "-c", spec.command()));
        } else {
            executable = requireProgram(spec.argv().get(0), SpawnedProcess.Environment.get(spec.env(), "PATH"), cwd);
            program.addAll(spec.argv());
        }
        RunningCommand command;
        try {
            if (spec.terminal() == null && Libc.available()) {
                PipePoller pipes = poller(); // before the spawn: a child must not exist without its supervision
                SpawnedProcess child = SpawnedProcess.start(executable.toString(), program,
                        SpawnedProcess.Environment.of(spec.env()), cwd.toString());
                try {
                    command = new RunningCommand(child, pipes, listener, spec.stdin(), this);
                } catch (RuntimeException e) {
                    child.abandon();
                    throw e;
                }
            } else {
                Map<String, String> env = new HashMap<>(System.getenv());
                env.putAll(spec.env());
                command = new RunningCommand(startByJdk(spec, executable, program, env, cwd), listener, spec.stdin(),
                        spec.terminal() != null, this);
            }
        } catch (IOException e) {
            throw new RequestException(Refusal.EXEC_FAILED, "cannot start " + spec.describe() + ": " + e.getMessage(), e);
        }
        running.add(command);
        // Before start(), which tells the client: whoever hears of the command can already find it here.
        startObservers.forEach(o -> o.accept(spec, command));
        try {
            command.start(spec.timeout());
        } catch (IOException | RuntimeException e) {
            // Nobody will hear of this command: do not leave it running.
            command.kill();
            running.remove(command);
            throw e;
        }
        return command;
    }

    private PipePoller poller() {
        PipePoller p = poller;
        if (p == null) {
            synchronized (this) {
                if (poller == null) {
                    poller = new PipePoller();
                }
                p = poller;
            }
        }
        return p;
    }

    private static Process startByJdk(CommandSpec spec, Path executable, List<String> program, Map<String, String> env,
                                      Path cwd) throws IOException {
        List<String> cmd = new ArrayList<>(program);
        if (spec.terminal() != null) {
            cmd.set(0, executable.toString()); // the pty launcher execs without a PATH search
        }
        // A daemon started in the background of a script or under nohup has SIGINT and SIGQUIT ignored, and an
        // ignored signal stays ignored across exec: Ctrl-C and SIGNAL INT would do nothing to its commands.
        // Like sshd's children, every command starts with the default disposition of every signal.
        cmd.addAll(0, List.of(ENV, "--default-signal"));
        return spec.terminal() == null ? startOnPipes(cmd, env, cwd) : startOnTerminal(cmd, env, cwd, spec.terminal());
    }

    /**
     * Tells {@code observer} of every command started from now on, as soon as its process exists; it must return quickly.
     * The embedded server uses it to find commands a test left running.
     */
    public void observeStarts(BiConsumer<CommandSpec, RunningCommand> observer) {
        startObservers.add(observer);
    }

    private static Process startOnPipes(List<String> program, Map<String, String> env, Path cwd) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SETSID, "--"));
        cmd.addAll(program);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * pty4j's builder sets the initial size only after the child was started, racing with it: a quick
     * {@code stty size} sees 0 0. So the pty is made first, given its size, and then handed to the process.
     */
    @SuppressWarnings("deprecation") // the only constructor taking a prepared Pty; still the core of 0.13.x
    private static Process startOnTerminal(List<String> program, Map<String, String> env, Path cwd, Terminal terminal)
            throws IOException {
        env.put("TERM", terminal.term());
        Pty pty = new Pty();
        try {
            pty.setWindowSize(new WinSize(terminal.columns(), terminal.rows()), null);
            String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            // console=false: the child calls setsid() and takes the pty as its controlling terminal.
            return new UnixPtyProcess(program.toArray(String[]::new), envp, cwd.toString(), pty, null, false);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    /**
     * Stops everything: refuses new commands, TERMs every running group, waits up to {@code grace}
     * for them to complete, KILLs what is left and waits a little more for their exits to be reported.
     */
    public void shutdown(Duration grace) {
        shuttingDown = true;
        List<RunningCommand> all = List.copyOf(running);
        if (!all.isEmpty()) {
            LOG.info("stopping {} running command(s): TERM, then KILL after {} ms", all.size(), grace.toMillis());
            all.forEach(c -> c.signalSession("TERM"));
            if (!awaitAll(all, grace)) {
                all.stream().filter(c -> !c.isDone()).forEach(RunningCommand::kill);
                awaitAll(all, AFTER_KILL_WAIT);
            }
        }
        timer.shutdownNow();
        synchronized (this) {
            if (poller != null) {
                poller.close();
            }
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void unregister(RunningCommand command) {
        running.remove(command);
    }

    private static boolean awaitAll(List<RunningCommand> commands, Duration limit) {
        try {
            CompletableFuture.allOf(commands.stream().map(RunningCommand::completion).toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /**
     * The executable a program name stands for, searched in PATH like execvp does: a missing program is a clear
     * EXEC_FAILED rather than setsid's anonymous exit 127.
     */
    private static Path requireProgram(String program, String path, Path cwd) throws RequestException {
        if (program.contains("=")) {
            // env(1), which starts every command, would take it for a variable assignment.
            throw new RequestException(Refusal.EXEC_FAILED, "program names containing '=' are not supported: " + program
                    + "; run it through \"command\" (a shell command line) instead");
        }
        if (program.contains("/")) {
            Path p = cwd.resolve(program);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new RequestException(Refusal.EXEC_FAILED, "no such program: " + p + " (not an executable file)");
            }
            return p;
        }
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new RequestException(Refusal.EXEC_FAILED, "no such program: " + program + " (not found in PATH=" + path + ")");
    }
}
