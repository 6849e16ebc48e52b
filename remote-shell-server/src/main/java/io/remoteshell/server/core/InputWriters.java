package io.remoteshell.server.core;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write what clients send into pipes and files, shared by every command and upload. A thread
 * exists only while something is being written (one per input with bytes queued, as a blocking write to a pipe
 * that is not read holds its thread) and ends soon after, so an idle server keeps none.
 */
public final class InputWriters {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "input-writer-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private InputWriters() {
    }

    /** Runs {@code task} on a pooled thread. */
    public static void submit(Runnable task) {
        POOL.execute(task);
    }
}
