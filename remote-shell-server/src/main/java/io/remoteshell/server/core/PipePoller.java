package io.remoteshell.server.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that waits, with poll(2), for any command's output pipe to have data (or reach end of
 * file) and for any command to exit (its pidfd), and hands each ready descriptor, once, to a task
 * on a shared pool. The task reads until the pipe is empty, delivering output synchronously (the
 * back-pressure of {@link CommandListener#output}), and then asks to be told again.
 * <p>
 * So a command costs no thread of its own while it is quiet: pool threads exist only for the
 * pipes being drained at that moment and are reused. (The JDK's streams would need a blocked
 * thread per pipe; a single loop delivering output itself would let one slow client stall all.)
 */
final class PipePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipePoller.class);
    private static final int POLLFD_SIZE = 8; // struct pollfd { int fd; short events; short revents; }

    private final Libc libc;
    private final Map<Integer, Watch> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final int wakeRead;
    private final int wakeWrite;
    private final Memory wakeByte = new Memory(64);
    private final Thread thread;
    private final ThreadPoolExecutor workers;
    private volatile boolean closed;
    /** Guards the wake-up pipe: once the loop has closed it, its numbers may belong to anyone, so nobody writes there. */
    private final Object wakeLock = new Object();
    private boolean wakeOpen = true;

    PipePoller(Libc libc) {
        this.libc = libc;
        int[] wake = new int[2];
        try {
            libc.pipe2(wake, Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot create the poller's wake-up pipe: " + libc.strerror(e.getErrorCode()), e);
        }
        wakeRead = wake[0];
        wakeWrite = wake[1];
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
     * Runs {@code task} on the pool once {@code fd} is readable, at end of file or in error; once per call. Tasks of the
     * same {@code owner} ready at the same moment run one after the other on one pool thread, those with {@code last}
     * after the others: a command that ends closes both pipes as it exits, and one thread then sees to all three.
     */
    void whenReadable(int fd, Object owner, boolean last, Runnable task) {
        if (!closed) {
            watched.put(fd, new Watch(owner, last, task));
            wake();
        }
    }

    private record Watch(Object owner, boolean last, Runnable task) {
    }

    /** Threads of the pool at this moment (for the notes on cost per command). */
    int poolThreads() {
        return workers.getPoolSize();
    }

    /**
     * Stops watching. Commands still running then are no longer pumped (a shutdown has killed them by then); the loop
     * closes the wake-up pipe itself as it ends, so a descriptor it may still be polling is never reused under it.
     */
    @Override
    public void close() {
        closed = true;
        wakePending.set(false);
        wake();
        workers.shutdown();
    }

    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            synchronized (wakeLock) {
                if (wakeOpen) {
                    libc.write(wakeWrite, wakeByte, 1); // a full pipe (EAGAIN) wakes the loop just as well
                }
            }
        }
    }

    private void loop() {
        try {
            poll();
        } finally {
            synchronized (wakeLock) {
                wakeOpen = false;
                libc.close(wakeRead);
                libc.close(wakeWrite);
            }
        }
    }

    private void poll() {
        Memory fds = new Memory(64L * POLLFD_SIZE);
        List<Map.Entry<Integer, Watch>> entries = new ArrayList<>();
        List<Watch> ready = new ArrayList<>();
        while (!closed) {
            entries.clear();
            entries.addAll(watched.entrySet());
            int n = entries.size() + 1;
            if (fds.size() < (long) n * POLLFD_SIZE) {
                fds = new Memory((long) Integer.highestOneBit(n) * 2 * POLLFD_SIZE);
            }
            set(fds, 0, wakeRead);
            for (int i = 0; i < entries.size(); i++) {
                set(fds, i + 1, entries.get(i).getKey());
            }
            int count = libc.poll(fds, n, -1);
            if (count < 0) {
                int errno = Native.getLastError();
                if (errno != Libc.EINTR) {
                    LOG.error("poll failed ({}); command output may stall", libc.strerror(errno));
                }
                continue;
            }
            if (fds.getShort(6) != 0) {
                // Empty the pipe first, then allow the next wake-up: the other order could swallow the byte of a
                // wake-up that comes in between and leave the flag set with nothing to wake the loop.
                while (libc.read(wakeRead, wakeByte, wakeByte.size()) > 0) {
                    // drained
                }
                wakePending.set(false);
            }
            ready.clear();
            for (int i = 0; i < entries.size(); i++) {
                if (fds.getShort((long) (i + 1) * POLLFD_SIZE + 6) != 0) {
                    Map.Entry<Integer, Watch> e = entries.get(i);
                    if (watched.remove(e.getKey(), e.getValue()) && !closed) {
                        ready.add(e.getValue());
                    }
                }
            }
            runByOwner(ready);
        }
    }

    /** One pool task per owner among the ready: most rounds have one or two, so a scan beats a map. */
    private void runByOwner(List<Watch> ready) {
        for (int i = 0; i < ready.size(); i++) {
            Watch first = ready.get(i);
            if (first == null) {
                continue;
            }
            List<Watch> group = null;
            for (int j = i + 1; j < ready.size(); j++) {
                Watch other = ready.get(j);
                if (other != null && other.owner() == first.owner()) {
                    if (group == null) {
                        group = new ArrayList<>(3);
                        group.add(first);
                    }
                    group.add(other);
                    ready.set(j, null);
                }
            }
            if (group == null) {
                run(first.task());
            } else {
                group.sort((a, b) -> Boolean.compare(a.last(), b.last()));
                List<Watch> tasks = group;
                run(() -> tasks.forEach(w -> runGuarded(w.task())));
            }
        }
    }

    /** One task of a group failing must not keep the others of its command from running. */
    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("command output task failed", e);
        }
    }

    private void run(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            // No thread to be had (the system's limit): pump on this one rather than let the command hang.
            LOG.warn("no thread for command output ({}); pumping on the poller", e.toString());
            task.run();
        }
    }

    private static void set(Memory fds, int index, int fd) {
        long off = (long) index * POLLFD_SIZE;
        fds.setInt(off, fd);
        fds.setShort(off + 4, Libc.POLLIN);
        fds.setShort(off + 6, (short) 0);
    }
}
