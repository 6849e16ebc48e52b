package io.remoteshell.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * A bounded pipe from the connection thread to a reader of a remote process's output.
 * The writer blocks while the buffer is full, which stops the connection from reading and so
 * slows the remote command through TCP back-pressure instead of growing memory.
 * Once the reader closes its end, further output is dropped instead of blocking.
 */
final class StreamBuffer {

    private final byte[] ring;
    private int head;
    private int count;
    private boolean finished;
    private boolean readerClosed;
    private IOException failure;

    StreamBuffer(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Appends, waiting for room; returns early (dropping the rest) when the reader is gone or the stream failed. */
    synchronized void write(byte[] b, int off, int len) throws InterruptedException {
        while (len > 0) {
            while (count == ring.length && !readerClosed && failure == null) {
                wait();
            }
            if (readerClosed || failure != null) {
                return;
            }
            int tail = (head + count) % ring.length;
            int n = Math.min(len, Math.min(ring.length - count, ring.length - tail));
            System.arraycopy(b, off, ring, tail, n);
            count += n;
            off += n;
            len -= n;
            notifyAll();
        }
    }

    /** The stream ended normally: the reader sees EOF after the buffered bytes. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** The stream ended abnormally: the reader gets the buffered bytes, then {@code e}. */
    synchronized void fail(IOException e) {
        if (!finished && failure == null) {
            failure = e;
        }
        notifyAll();
    }

    private synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (count == 0) {
            if (readerClosed) {
                throw new IOException("Stream closed");
            }
            if (finished) {
                return -1;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for remote output");
            }
        }
        int n = Math.min(len, Math.min(count, ring.length - head));
        System.arraycopy(ring, head, b, off, n);
        head = (head + n) % ring.length;
        count -= n;
        notifyAll();
        return n;
    }

    private synchronized int available() {
        return count;
    }

    private synchronized void closeReader() {
        readerClosed = true;
        count = 0;
        notifyAll();
    }

    InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return StreamBuffer.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                return StreamBuffer.this.read(b, off, len);
            }

            @Override
            public int available() {
                return StreamBuffer.this.available();
            }

            @Override
            public void close() {
                closeReader();
            }
        };
    }
}
