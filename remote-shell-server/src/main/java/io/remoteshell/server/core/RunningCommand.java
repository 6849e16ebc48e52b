package io.remoteshell.server.core;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import io.remoteshell.protocol.CommandPolicy;
import io.remoteshell.protocol.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started command: a process that leads its own session and process group, the pumping of
 * its stdout and stderr to the listener, and (if wanted) a stdin writer. Created by {@link
 * CommandRunner#start}. A command spawned by {@link SpawnedProcess} is pumped by the shared
 * {@link PipePoller} and has no thread of its own while quiet; one on a terminal (pty4j) or
 * started by the JDK has a pump thread per stream. On a terminal, stderr is the terminal too, so
 * all output arrives as {@link OutputKind#STDOUT}.
 */
public final class RunningCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RunningCommand.class);

    /** Exactly one of process and spawned is set. */
    private final Process process;
    private final SpawnedProcess spawned;
    private final PipePoller poller;
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
    /** Spawned commands: stdout, stderr and the exit still to come; the last of them reports the exit. */
    private final AtomicInteger pending = new AtomicInteger(3);
    private volatile int exitCode;
    private final boolean[] listening = {true, true};
    private static final Duration SETTLE_LIMIT = Duration.ofMillis(50);
    /** How long a pump waits on a pipe it found empty before it hands the pipe back to the shared poller. */
    private static final long PAUSE_NANOS = 50_000;
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    RunningCommand(Process process, CommandListener listener, boolean wantsStdin, boolean terminal, CommandRunner runner) {
        this.process = process;
        this.spawned = null;
        this.poller = null;
        this.pid = process.pid();
        this.listener = listener;
        this.terminal = terminal;
        this.runner = runner;
        this.stdin = wantsStdin ? new StdinWriter(process.getOutputStream(), listener::stdinConsumed) : null;
    }

    RunningCommand(SpawnedProcess spawned, PipePoller poller, CommandListener listener, boolean wantsStdin,
                   CommandRunner runner) {
        this.process = null;
        this.spawned = spawned;
        this.poller = poller;
        this.pid = spawned.pid;
        this.listener = listener;
        this.terminal = false;
        this.runner = runner;
        this.stdin = wantsStdin ? new StdinWriter(spawned.stdin(), listener::stdinConsumed) : null;
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
            ProcessGroups.awaitSettled(group, SETTLE_LIMIT);
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
            if (spawned != null) {
                spawned.closeStdin();
            } else {
                process.getOutputStream().close();
            }
        }
        if (timeout != null) {
            timeoutTask = runner.schedule(this::timeOut, timeout);
        }
        if (spawned != null) {
            poller.whenReadable(spawned.stdout, events -> pipeReady(spawned.stdout, OutputKind.STDOUT, events));
            poller.whenReadable(spawned.stderr, events -> pipeReady(spawned.stderr, OutputKind.STDERR, events));
            if (spawned.pidfd >= 0) {
                poller.whenReadable(spawned.pidfd, events -> exitReady());
            } else {
                Thread waiter = new Thread(() -> exited(spawned.reap(true)), "wait-" + pid);
                waiter.setDaemon(true);
                waiter.start();
            }
            return;
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
        // A moment's delay: usually the pipes reach EOF by then and no signal is needed at all.
        process.onExit().thenRun(() -> runner.schedule(this::leaderExited, CommandRunner.LEADER_EXIT_CHECK));
    }

    /**
     * On the poller thread: a pipe at end of file with nothing left in it (hung up, not readable) is closed here;
     * one with data is drained on the pool, as delivering it waits for the client.
     */
    private void pipeReady(int fd, OutputKind kind, int events) {
        if ((events & Libc.EPOLLIN) == 0) {
            spawned.close(fd);
            partDone(true);
            return;
        }
        poller.execute(() -> drain(fd, kind));
    }

    /**
     * On the poller's pool: reads the pipe until it is empty, then asks to be called again; at end of file, closes it.
     * A listener that reserves room in front of its chunks gets them straight in the buffer read(2) filled.
     */
    private void drain(int fd, OutputKind kind) {
        Buffers b = BUFFERS.get();
        int room = listener.outputHeadroom();
        boolean direct = room >= 0 && room <= Buffers.MAX_HEADROOM;
        boolean paused = false;
        while (true) {
            long n = Libc.read(fd, direct ? b.address + room : b.address, Limits.MAX_CHUNK);
            if (n > 0) {
                if (direct) {
                    b.view.limit(room + (int) n).position(0);
                    deliver(kind, b.view, (int) n);
                } else {
                    b.view.clear().get(0, b.bytes(), 0, (int) n);
                    deliver(kind, b.bytes(), (int) n);
                }
                paused = false;
                continue;
            }
            if (n < 0) {
                int errno = Libc.errno();
                if (errno == Libc.EAGAIN) {
                    if (!paused) {
                        // A writer in full flow refills the pipe within microseconds: a moment's pause here makes the
                        // next read a full chunk instead of the writer's last few KiB, and saves handing the pipe to
                        // the poller and back (a wake-up of two threads) for every such moment.
                        paused = true;
                        LockSupport.parkNanos(PAUSE_NANOS);
                        continue;
                    }
                    poller.whenReadable(fd, events -> pipeReady(fd, kind, events));
                    return;
                }
                if (errno == Libc.EINTR) {
                    continue;
                }
                LOG.debug("reading {} of {} failed: {}", kind, pid, Libc.strerror(errno));
            }
            spawned.close(fd);
            partDone(false);
            return;
        }
    }

    /** On the poller thread: the pidfd is readable, so the child has exited (reaping it does not wait). */
    private void exitReady() {
        int code = spawned.reap(false);
        if (code < 0) {
            poller.whenReadable(spawned.pidfd, events -> exitReady());
            return;
        }
        spawned.close(spawned.pidfd);
        exitCode = code;
        if (pending.decrementAndGet() == 0) {
            finishFromPoller(code);
            return;
        }
        // The pipes' hang-ups often fired with the exit, later in the same batch: no timer for those.
        poller.afterBatch(() -> {
            if (pending.get() > 0) {
                leaderExitedWithPipesOpen();
            }
        });
    }

    /** Without a pidfd: on the thread that waited for the exit. */
    private void exited(int code) {
        exitCode = code;
        if (pending.decrementAndGet() == 0) {
            finish(code);
            return;
        }
        leaderExitedWithPipesOpen();
    }

    private void leaderExitedWithPipesOpen() {
        // Something still holds a pipe. A moment's delay: usually the pipes reach EOF by then and no signal is needed.
        // (Once the command is reported, leaderExited does nothing: so no timer for the usual case, pipes closed first.)
        runner.schedule(this::leaderExited, CommandRunner.LEADER_EXIT_CHECK);
    }

    /** A pipe reached end of file; the last of the three reports the exit (from the poller thread, on the pool). */
    private void partDone(boolean onPoller) {
        if (pending.decrementAndGet() == 0) {
            int code = exitCode;
            if (onPoller) {
                finishFromPoller(code);
            } else {
                finish(code);
            }
        }
    }

    /** On the poller thread: the report goes to the pool unless the listener's never waits for its peer. */
    private void finishFromPoller(int code) {
        if (listener.exitedWithoutWaiting()) {
            finish(code);
        } else {
            poller.execute(() -> finish(code));
        }
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
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    deliver(kind, buf, n);
                }
            }
        } catch (IOException e) {
            LOG.debug("reading {} of {} failed: {}", kind, pid, e.toString());
        }
    }

    /** Calls for one pipe never overlap, so its flag needs no lock; the other pipe has its own. */
    private void deliver(OutputKind kind, byte[] buf, int n) {
        deliver(kind, buf, null, n);
    }

    private void deliver(OutputKind kind, ByteBuffer chunk, int n) {
        deliver(kind, null, chunk, n);
    }

    private void deliver(OutputKind kind, byte[] buf, ByteBuffer chunk, int n) {
        bytesOut.addAndGet(n);
        int i = kind == OutputKind.STDOUT ? 0 : 1;
        if (listening[i]) {
            try {
                if (chunk != null) {
                    listener.output(kind, chunk);
                } else {
                    listener.output(kind, buf, 0, n);
                }
            } catch (IOException e) {
                // The receiver is gone; keep draining so the command is not stuck on a full pipe until it is killed.
                listening[i] = false;
                LOG.debug("{} of {} no longer delivered: {}", kind, pid, e.toString());
            }
        }
    }

    /** Runs on the stdout pump: EXIT must come after all output, so wait for the other pipe and the process. */
    private void finish(Thread stderrPump) {
        int code;
        try {
            stderrPump.join();
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            code = 137;
        }
        finish(code);
    }

    /** Both pipes are at end of file and the process has exited: report it, once. */
    private void finish(int code) {
        ExitStatus status = ExitStatus.of(code, timedOut, (System.nanoTime() - startNanos) / 1_000_000);
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

    /**
     * Per pool thread: the native buffer read(2) fills (with room for a listener's header in front), a direct view of
     * it, and the array a listener taking arrays is handed.
     */
    private static final class Buffers {
        static final int MAX_HEADROOM = 64;
        final ByteBuffer view = Libc.buffer(MAX_HEADROOM + Limits.MAX_CHUNK);
        final long address = Libc.address(view);
        private byte[] bytes;

        byte[] bytes() {
            if (bytes == null) {
                bytes = new byte[Limits.MAX_CHUNK];
            }
            return bytes;
        }
    }
}
