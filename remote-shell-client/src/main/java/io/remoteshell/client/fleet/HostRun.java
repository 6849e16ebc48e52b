package io.remoteshell.client.fleet;

import io.remoteshell.client.Command;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.client.Session;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One host's turn in an operation: connect, do the work, and turn whatever happened into its {@link HostResult}.
 * A timeout or a cancel, which come from other threads, kill the command and close the session, so that whatever the
 * worker is blocked in fails at once; the failure is then reported as what caused it.
 */
final class HostRun {

    /** What an operation does with each host's session. */
    interface Work {
        /** @return how the command ended, or null for work that runs no command */
        ExecResult run(HostRun run, Session session) throws IOException;
    }

    private final Member member;
    private final Work work;
    private final Duration hostTimeout;
    private final Duration connectTimeout;
    private final long startNanos = System.nanoTime();
    private volatile RemoteProcess process;
    private volatile boolean timedOut;
    private volatile boolean cancelled;

    HostRun(Member member, Work work, Duration hostTimeout, Duration connectTimeout) {
        this.member = member;
        this.work = work;
        this.hostTimeout = hostTimeout;
        this.connectTimeout = connectTimeout;
    }

    String host() {
        return member.name;
    }

    HostResult notStarted() {
        return new HostResult(member.name, null, new InterruptedIOException("cancelled before " + member.name + " started"),
                false, Duration.ZERO);
    }

    HostResult run(ScheduledExecutorService watchdog) {
        ScheduledFuture<?> alarm = watchdog == null ? null
                : watchdog.schedule(this::timeOut, hostTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            Session session;
            try {
                session = member.session(connectTimeout());
            } catch (IOException e) {
                if (hostTimeout != null && System.nanoTime() - startNanos >= hostTimeout.toNanos()) {
                    // The connect timeout was the time left, so a host that never answered ran out of its time.
                    timedOut = true;
                }
                return result(null, explain(e), false);
            } catch (RuntimeException e) {
                // A connector that cannot even try, such as an address of an unknown scheme.
                return result(null, explain(Fleet.connectFailure(member.name, e)), false);
            }
            if (stopped()) {
                member.discard();
                return result(null, explain(null), true);
            }
            try {
                ExecResult r = work.run(this, session);
                if (stopped() && (r == null || !r.isSuccess())) {
                    // Killed by the timeout or the cancel: say so, not the KILL it died of.
                    return result(null, explain(null), true);
                }
                return result(r, null, true);
            } catch (IOException e) {
                member.failed(e);
                return result(null, explain(e), true);
            }
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
        }
    }

    /** Registers the running command so that signals, timeouts and cancels reach it. */
    void started(RemoteProcess p) {
        process = p;
        if (stopped()) {
            p.destroyForcibly();
        }
    }

    void signal(String name) {
        RemoteProcess p = process;
        if (p != null) {
            try {
                p.signal(name);
            } catch (IOException e) {
                // The connection is gone: the host's own result says so.
            }
        }
    }

    void cancel() {
        cancelled = true;
        abort();
    }

    private void timeOut() {
        timedOut = true;
        abort();
    }

    private void abort() {
        RemoteProcess p = process;
        if (p != null) {
            p.destroyForcibly();
        }
        member.discard();
    }

    private boolean stopped() {
        return timedOut || cancelled;
    }

    private Duration connectTimeout() {
        if (hostTimeout == null) {
            return connectTimeout;
        }
        Duration left = hostTimeout.minusNanos(System.nanoTime() - startNanos);
        return left.compareTo(connectTimeout) < 0 ? (left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left) : connectTimeout;
    }

    /** The failure to report: the timeout or cancel that caused {@code e}, else {@code e} itself. */
    private IOException explain(IOException e) {
        if (timedOut) {
            HostTimeoutException t = new HostTimeoutException(member.name, hostTimeout);
            if (e != null) {
                t.initCause(e);
            }
            return t;
        }
        if (cancelled) {
            InterruptedIOException c = new InterruptedIOException("cancelled while " + member.name + " was running");
            if (e != null) {
                c.initCause(e);
            }
            return c;
        }
        return e;
    }

    private HostResult result(ExecResult r, IOException failure, boolean connected) {
        return new HostResult(member.name, r, failure, connected, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Runs a command with its stdin closed, its output going to the listener. */
    static final class Exec implements Work {
        private final Command command;
        private final FleetListener listener;

        Exec(Command command, FleetListener listener) {
            this.command = command;
            this.listener = listener;
        }

        @Override
        public ExecResult run(HostRun run, Session session) throws IOException {
            Object oneAtATime = new Object();
            RemoteProcess p = session.start(command, new ListenerStream(run.host(), listener, false, oneAtATime),
                    new ListenerStream(run.host(), listener, true, oneAtATime));
            run.started(p);
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // Already ended: nothing waits for stdin.
            }
            return p.waitForResult();
        }
    }

    /** Runs a {@link Fleet.HostTask}. */
    static final class Task implements Work {
        private final Fleet.HostTask task;

        Task(Fleet.HostTask task) {
            this.task = task;
        }

        @Override
        public ExecResult run(HostRun run, Session session) throws IOException {
            task.run(run.host(), session);
            return null;
        }
    }

    /** One host's stdout or stderr, handed to the listener one write at a time (shared lock: never two at once). */
    private static final class ListenerStream extends OutputStream {
        private final String host;
        private final FleetListener listener;
        private final boolean stderr;
        private final Object lock;

        ListenerStream(String host, FleetListener listener, boolean stderr, Object lock) {
            this.host = host;
            this.listener = listener;
            this.stderr = stderr;
            this.lock = lock;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (lock) {
                if (stderr) {
                    listener.stderr(host, b, off, len);
                } else {
                    listener.stdout(host, b, off, len);
                }
            }
        }
    }
}
