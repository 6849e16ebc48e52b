package io.remoteshell.server.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Feeds a command's standard input. Chunks wait in a queue; a task on the shared {@link InputWriters} pool drains
 * it while there is something to write and then ends, so a command whose client sends nothing costs no thread.
 * Every byte handed over is reported to {@code consumed} exactly once: when it is in the pipe, or when it is
 * dropped because the command closed its input or ended. That report is what front ends base their flow control
 * on (RSP grants its WINDOW from it), so the queue itself never needs to block the caller of {@link #offer}.
 */
final class StdinWriter {

    /** What {@link #write} lets wait in the queue before its caller waits. */
    static final long QUEUE_LIMIT = 256 << 10;
    private static final byte[] EOF = new byte[0];

    private final OutputStream stdin;
    private final IntConsumer consumed;
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final AtomicLong written = new AtomicLong();
    private long queued;
    private boolean draining;
    private boolean done;

    StdinWriter(OutputStream stdin, IntConsumer consumed) {
        this.stdin = stdin;
        this.consumed = consumed;
    }

    /** Queues the chunk, which the writer now owns, and returns at once; dropped once the input is closed. */
    void offer(byte[] chunk) {
        if (chunk.length > 0) {
            enqueue(chunk);
        }
    }

    /**
     * Queues the chunk, first waiting while {@value #QUEUE_LIMIT} bytes are queued: back-pressure for a caller
     * that has a thread to spare (an SSH channel's feeder). The wait ends when the command reads or ends.
     */
    void write(byte[] chunk) throws InterruptedException {
        synchronized (this) {
            while (!done && queued > 0 && queued + chunk.length > QUEUE_LIMIT) {
                wait();
            }
        }
        offer(chunk);
    }

    /** Closes standard input once what was queued before has been written. */
    void close() {
        enqueue(EOF);
    }

    long bytesWritten() {
        return written.get();
    }

    /** The command is over: nothing more will be read, so drop what is queued and wake whoever waits. */
    void stop() {
        int dropped;
        synchronized (this) {
            done = true;
            dropped = clear();
            notifyAll();
            if (!draining) {
                closeQuietly();
            }
            // else: the drain task closes the pipe itself; closing it here could race with a write in progress.
        }
        report(dropped);
    }

    private void enqueue(byte[] chunk) {
        boolean start = false;
        boolean dropped = false;
        synchronized (this) {
            if (done) {
                dropped = true;
            } else {
                queue.addLast(chunk);
                queued += chunk.length;
                start = !draining;
                draining = true;
            }
        }
        if (dropped) {
            report(chunk.length);
        } else if (start) {
            InputWriters.submit(this::drain);
        }
    }

    /** Runs on the pool until the queue is empty, then gives its thread back. */
    private void drain() {
        while (true) {
            byte[] chunk;
            synchronized (this) {
                chunk = done ? null : queue.pollFirst();
                if (chunk == null) {
                    draining = false;
                    if (done) {
                        closeQuietly();
                    }
                    return;
                }
            }
            if (chunk == EOF) {
                finish();
                return;
            }
            try {
                stdin.write(chunk);
                stdin.flush();
                written.addAndGet(chunk.length);
            } catch (IOException e) {
                // The command closed its standard input (EPIPE); what the client still sends is dropped, as a pipe would.
                dequeued(chunk.length);
                finish();
                return;
            }
            dequeued(chunk.length);
        }
    }

    private void dequeued(int n) {
        synchronized (this) {
            queued -= n;
            notifyAll();
        }
        report(n);
    }

    /** End of input, or a broken pipe: closed, and whatever comes later is dropped (and reported as such). */
    private void finish() {
        int dropped;
        synchronized (this) {
            done = true;
            draining = false;
            dropped = clear();
            notifyAll();
            closeQuietly();
        }
        report(dropped);
    }

    private int clear() {
        int n = 0;
        for (byte[] b : queue) {
            n += b.length;
        }
        queue.clear();
        queued = 0;
        return n;
    }

    private void report(int n) {
        if (n > 0) {
            consumed.accept(n);
        }
    }

    private void closeQuietly() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // The pipe is already broken; closing it cannot fail in a way that matters.
        }
    }
}
