package io.remoteshell.server.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that waits, with epoll(7), for any command's output pipe to have data (or reach end of
 * file) and for any command to exit (its pidfd). Each watch fires once ({@code EPOLLONESHOT}) and
 * calls its handler on this thread; a handler does only what cannot block (closing a pipe at end of
 * file, reaping an exit) and gives the rest, above all delivering output, which waits for the client
 * (the back-pressure of {@link CommandListener#output}), to a task on a shared pool with {@link #execute}.
 * <p>
 * So a command costs no thread of its own while it is quiet, and one that ends without output costs
 * one pool task, for reporting its exit: pool threads exist only for the work of that moment and
 * are reused. The thread that starts a command adds its descriptors to the epoll set itself, so
 * nothing needs to wake this one for that. (A single loop delivering output itself would let one
 * slow client stall all.)
 */
final class PipePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipePoller.class);
    private static final int MAX_EVENTS = 64;

    /** Runs on the poller thread with the epoll events that fired; must not block. */
    interface Handler {
        void ready(int events);
    }

    private final int epfd;
    private final int wakeRead;
    private final int wakeWrite;
    private final Map<Integer, Handler> watched = new ConcurrentHashMap<>();
    /** Touched by the poller thread only. */
    private final List<Runnable> afterBatch = new ArrayList<>();
    private final Thread thread;
    private final ThreadPoolExecutor workers;
    private volatile boolean closed;
    /** Guards the epoll and wake-up descriptors: once the loop has closed them, their numbers may be anyone's. */
    private final Object lock = new Object();
    private boolean open = true;
    /** Per registering thread: one struct epoll_event. */
    private static final ThreadLocal<ByteBuffer> EVENT = ThreadLocal.withInitial(() -> Libc.buffer(16));

    PipePoller() {
        int[] wake = new int[2];
        if (Libc.pipe2(wake, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0) {
            throw new IllegalStateException("cannot create the poller's wake-up pipe: " + Libc.strerror(Libc.errno()));
        }
        wakeRead = wake[0];
        wakeWrite = wake[1];
        epfd = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
        if (epfd < 0 || ctl(Libc.EPOLL_CTL_ADD, wakeRead, Libc.EPOLLIN) != 0) {
            String why = Libc.strerror(Libc.errno());
            Libc.close(wakeRead);
            Libc.close(wakeWrite);
            if (epfd >= 0) {
                Libc.close(epfd);
            }
            throw new IllegalStateException("cannot set up epoll for command output: " + why);
        }
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "command-output-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        thread = new Thread(this::loop, "command-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Calls {@code handler} on the poller thread once {@code fd} is readable, at end of file or in error; once per call.
     * A descriptor has one watch at a time: the next call for it comes from its handler or the task that handler started.
     */
    void whenReadable(int fd, Handler handler) {
        if (closed) {
            return;
        }
        watched.put(fd, handler);
        int events = Libc.EPOLLIN | Libc.EPOLLONESHOT;
        synchronized (lock) {
            if (!open) {
                return;
            }
            // A descriptor seen before is still in the set, disarmed: MOD re-arms it. A new one is added.
            if (ctl(Libc.EPOLL_CTL_ADD, fd, events) != 0 && (Libc.errno() != Libc.EEXIST
                    || ctl(Libc.EPOLL_CTL_MOD, fd, events) != 0)) {
                LOG.error("cannot watch descriptor {} ({}); command output may stall", fd, Libc.strerror(Libc.errno()));
            }
        }
    }

    /**
     * From a handler: runs {@code task} on the poller thread once the handlers of the events that fired with this one
     * have run (say, to see whether a command's pipes reached end of file together with its exit).
     */
    void afterBatch(Runnable task) {
        afterBatch.add(task);
    }

    /** Runs {@code task} on the pool; on this thread when no thread is to be had (the system's limit). */
    void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            // Rather than let the command hang.
            LOG.warn("no thread for command output ({}); running on the poller", e.toString());
            task.run();
        }
    }

    /** Threads of the pool at this moment (for the notes on cost per command). */
    int poolThreads() {
        return workers.getPoolSize();
    }

    /**
     * Stops watching. Commands still running then are no longer pumped (a shutdown has killed them by then); the loop
     * closes its descriptors itself as it ends, so a descriptor it may still be waiting on is never reused under it.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (open) {
                ByteBuffer b = EVENT.get();
                b.put(0, (byte) 1);
                Libc.write(wakeWrite, Libc.address(b), 1);
            }
        }
        workers.shutdown();
    }

    private int ctl(int op, int fd, int events) {
        ByteBuffer b = EVENT.get();
        b.putInt(0, events);
        b.putLong(Libc.EPOLL_DATA_OFFSET, fd);
        return Libc.epoll_ctl(epfd, op, fd, Libc.address(b));
    }

    private void loop() {
        try {
            poll();
        } finally {
            synchronized (lock) {
                open = false;
                Libc.close(epfd);
                Libc.close(wakeRead);
                Libc.close(wakeWrite);
            }
        }
    }

    private void poll() {
        ByteBuffer events = Libc.buffer(MAX_EVENTS * Libc.EPOLL_EVENT_SIZE);
        long address = Libc.address(events);
        while (!closed) {
            int count = Libc.epoll_wait(epfd, address, MAX_EVENTS, -1);
            if (count < 0) {
                int errno = Libc.errno();
                if (errno != Libc.EINTR) {
                    LOG.error("epoll_wait failed ({}); command output may stall", Libc.strerror(errno));
                }
                continue;
            }
            for (int i = 0; i < count && !closed; i++) {
                int at = i * Libc.EPOLL_EVENT_SIZE;
                int fired = events.getInt(at);
                int fd = (int) events.getLong(at + Libc.EPOLL_DATA_OFFSET);
                if (fd == wakeRead) {
                    continue; // only close() writes there
                }
                Handler h = watched.remove(fd);
                if (h != null) {
                    try {
                        h.ready(fired);
                    } catch (RuntimeException e) {
                        LOG.error("command output handler failed", e);
                    }
                }
            }
            for (int i = 0; i < afterBatch.size(); i++) {
                try {
                    afterBatch.get(i).run();
                } catch (RuntimeException e) {
                    LOG.error("command output handler failed", e);
                }
            }
            afterBatch.clear();
        }
    }
}
