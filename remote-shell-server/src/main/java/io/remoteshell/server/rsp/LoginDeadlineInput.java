package io.remoteshell.server.rsp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The socket's input with the log-in deadline applied to every read until it is lifted: a client that drips one
 * byte at a time never gets a fresh timeout per byte, the whole log-in must fit in the deadline.
 */
final class LoginDeadlineInput extends FilterInputStream {

    private final Socket socket;
    private volatile long deadline;

    LoginDeadlineInput(Socket socket, long deadlineNanos) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
        this.deadline = deadlineNanos;
    }

    /** Logged in: reads wait as long as they need from now on. */
    void lift() throws IOException {
        deadline = 0;
        socket.setSoTimeout(0);
    }

    private void arm() throws IOException {
        long d = deadline;
        if (d != 0) {
            long left = (d - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("log-in deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        arm();
        return super.skip(n);
    }
}
