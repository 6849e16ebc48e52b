package io.remoteshell.server.core;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import io.remoteshell.protocol.CommandPolicy;
import io.remoteshell.protocol.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started command: a process that leads its own session and process group, two pump
 * threads that stream its stdout and stderr to the listener, and (if wanted) a stdin writer.
 * Created by {@link CommandRunner#start}. On a terminal, stderr is the terminal too, so all
 * output arrives as {@link OutputKind#STDOUT}.
 */
public final class RunningCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RunningCommand.class);

    private final Process process;
    private final long pid;
    private final CommandListener listener;
    private final StdinWriter stdin;
    private final boolean terminal;
    private final CommandRunner runner;
    private final long startNanos = System.nanoTime();
    private final AtomicLong bytesOut = new AtomicLong();
    private final CompletableFuture<ExitStatus> completion = new CompletableFuture<>();
    private volatile boolean timedOut;
    private volatile ScheduledFuture<?> timeoutTask;

    RunningCommand(Process process, CommandListener listener, boolean wantsStdin, boolean terminal, CommandRunner runner) {
        this.process = process;
        this.pid = process.pid();
        this.listener = listener;
        this.terminal = terminal;
        this.runner = runner;
        this.stdin = wantsStdin ? new StdinWriter(process.getOutputStream(), listener::stdinConsumed) : null;
    }

    /** The process id, which is also the process group and session id that signals go to. */
    public long pid() {
        return pid;
    }

    /** Completes after {@link CommandListener#exited} returned. */
    public CompletableFuture<ExitStatus> completion() {
        return completion;
    }

    public boolean isDone() {
        return completion.isDone();
    }

    /**
     * Hands a chunk (now owned by the command) to its standard input, waiting while much is still unread; dropped if
     * stdin was not wanted or is closed.
     */
    public void writeStdin(byte[] chunk) throws InterruptedException {
        if (stdin != null) {
            stdin.write(chunk);
        }
    }

    /**
     * Hands a chunk to standard input and returns at once: for a caller that bounds what it hands over itself, by
     * {@link CommandListener#stdinConsumed}. Dropped (and reported consumed) if stdin is closed; false if not wanted.
     */
    public boolean offerStdin(byte[] chunk) {
        if (stdin == null) {
            return false;
        }
        stdin.offer(chunk);
        return true;
    }

    /**
     * Closes standard input once what was queued before has been written. A terminal has no end of input (closing
     * it would hang it up); there, as at a keyboard, end of input is the EOF character the client may type.
     */
    public void closeStdin() {
        if (stdin != null && !terminal) {
            stdin.close();
        }
    }

    /**
     * Sends a signal (e.g. "INT") as a user would: to the command's process group or, on a terminal, to the job in
     * the terminal's foreground, which an interactive shell moves to a group of its own. Nothing once the command is over.
     */
    public void signal(String name) {
        // After completion the group is gone and its id may be reused by someone else's processes.
        if (!completion.isDone()) {
            long group = terminal ? ProcessGroups.foregroundGroup(pid).orElse(pid) : pid;
            ProcessGroups.signal(group, name);
        }
    }

    /** KILLs every process of the command's session at once: the client is gone, nobody waits for a clean end. */
    public void kill() {
        signalSession("KILL");
    }

    /** Whether the command runs on a pseudo-terminal. */
    public boolean hasTerminal() {
        return terminal;
    }

    /** Tells the terminal (and through SIGWINCH its foreground job) its new size; nothing for a command without one. */
    public void resize(int columns, int rows) {
        if (process instanceof PtyProcess pty && !completion.isDone()) {
            Terminal size = new Terminal(null, columns, rows);
            try {
                pty.setWinSize(new WinSize(size.columns(), size.rows()));
            } catch (IllegalStateException e) {
                LOG.debug("resizing the terminal of {} failed: {}", pid, e.toString());
            }
        }
    }

    /** Signals every process group of the command's session: also the jobs a shell moved out of its own group. */
    void signalSession(String name) {
        if (!completion.isDone()) {
            ProcessGroups.signalSession(pid, name);
        }
    }

    public long bytesIn() {
        return stdin == null ? 0 : stdin.bytesWritten();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    void start(Duration timeout) throws IOException {
        listener.started(this);
        if (stdin == null) {
            process.getOutputStream().close();
        }
        Thread err = new Thread(() -> pump(process.getErrorStream(), OutputKind.STDERR), "stderr-" + pid);
        Thread out = new Thread(() -> {
            pump(process.getInputStream(), OutputKind.STDOUT);
            finish(err);
        }, "stdout-" + pid);
        err.setDaemon(true);
        out.setDaemon(true);
        err.start();
        out.start();
        if (timeout != null) {
            timeoutTask = runner.schedule(this::timeOut, timeout);
        }
        // A moment's delay: usually the pipes reach EOF by then and no signal (no /bin/kill) is needed at all.
        process.onExit().thenRun(() -> runner.schedule(this::leaderExited, CommandRunner.LEADER_EXIT_CHECK));
    }

    /**
     * The command is its group's leader, and its end is the command's end: what it left running in
     * its group gets HUP, as a terminal hangup would send, and KILL if it is still there shortly after.
     * Otherwise a background child holding the output pipes (or ignoring INT, as sh makes background
     * jobs do) would keep the request open and outlive it.
     */
    private void leaderExited() {
        if (!completion.isDone()) {
            terminate("HUP", CommandRunner.LEADER_EXIT_GRACE);
        }
    }

    private void timeOut() {
        timedOut = true;
        terminate("TERM", CommandPolicy.TIMEOUT_KILL_GRACE);
    }

    /** Sends {@code first} to the whole session now, KILL after {@code grace} if the command has not completed by then. */
    private void terminate(String first, Duration grace) {
        signalSession(first);
        runner.schedule(() -> {
            if (!completion.isDone()) {
                kill();
            }
        }, grace);
    }

    private void pump(InputStream in, OutputKind kind) {
        byte[] buf = new byte[Limits.MAX_CHUNK];
        boolean listening = true;
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n == 0) {
                    continue;
                }
                bytesOut.addAndGet(n);
                if (listening) {
                    try {
                        listener.output(kind, buf, 0, n);
                    } catch (IOException e) {
                        // The receiver is gone; keep draining so the command is not stuck on a full pipe until it is killed.
                        listening = false;
                        LOG.debug("{} of {} no longer delivered: {}", kind, pid, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("reading {} of {} failed: {}", kind, pid, e.toString());
        }
    }

    /** Runs on the stdout pump: EXIT must come after all output, so wait for the other pipe and the process. */
    private void finish(Thread stderrPump) {
        ExitStatus status;
        try {
            stderrPump.join();
            int code = process.waitFor();
            status = ExitStatus.of(code, timedOut, (System.nanoTime() - startNanos) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            status = ExitStatus.of(137, timedOut, (System.nanoTime() - startNanos) / 1_000_000);
        }
        ScheduledFuture<?> t = timeoutTask;
        if (t != null) {
            t.cancel(false);
        }
        if (stdin != null) {
            stdin.stop();
        }
        try {
            listener.exited(status);
        } catch (RuntimeException e) {
            LOG.error("reporting the exit of {} failed", pid, e);
        } finally {
            // Registered until reported, so a shutdown waits for the EXIT and the audit line too.
            runner.unregister(this);
            completion.complete(status);
        }
    }
}
