package io.remoteshell.server.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds a command's standard input from its own thread, through a queue of a few chunks.
 * The caller (a connection's only reader) hands a chunk over and goes on serving the other
 * requests; only when a command leaves {@value #QUEUED_CHUNKS} chunks unread does the caller
 * wait, and that wait ends as soon as the command reads, closes its input or ends.
 */
final class StdinWriter {

    static final int QUEUED_CHUNKS = 8;
    private static final byte[] EOF = new byte[0];

    private final OutputStream stdin;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean done;

    StdinWriter(OutputStream stdin, String name) {
        this.stdin = stdin;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues the chunk, which the writer now owns; dropped once the command closed its input or ended. */
    void write(byte[] chunk) throws InterruptedException {
        if (chunk.length > 0) {
            enqueue(chunk);
        }
    }

    void close() throws InterruptedException {
        enqueue(EOF);
    }

    long bytesWritten() {
        return written.get();
    }

    /** The command is over: nothing more will be read, so stop waiting and drop what is queued. */
    void stop() {
        done = true;
        queue.clear();
        // The writer thread closes the pipe itself; closing it here could wait on a write in progress.
        thread.interrupt();
    }

    private void enqueue(byte[] chunk) throws InterruptedException {
        // Poll rather than block forever so a caller stuck on a full queue notices stop() promptly.
        while (!done) {
            if (queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void run() {
        try {
            while (!done) {
                byte[] chunk = queue.take();
                if (chunk == EOF) {
                    break;
                }
                stdin.write(chunk);
                stdin.flush();
                written.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            // The command closed its standard input (EPIPE); what the client still sends is dropped, as a pipe would.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
            queue.clear();
            closeQuietly();
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
