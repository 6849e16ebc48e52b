package io.remoteshell.client;

import io.remoteshell.protocol.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command running on the remote side, used like a local {@link Process}: write its stdin with
 * {@link #getOutputStream()} (closing it sends EOF), read its output with {@link #getInputStream()}
 * and {@link #getErrorStream()}, wait with {@link #waitFor()}, stop it with {@link #destroy()}.
 *
 * <p>Each output stream is buffered up to {@link #STREAM_BUFFER_BYTES}; a full buffer makes the
 * connection wait until it is read, so read both streams, or close the one you do not need.
 * If the connection is lost, the streams throw {@link ConnectionLostException} and {@link #waitFor()}
 * throws it wrapped in an {@link UncheckedIOException}; {@link #waitForResult()} throws it directly.
 *
 * <p>Transports subclass this and report what happens through the protected methods.
 */
public abstract class RemoteProcess extends Process {

    /** The bytes of output buffered per stream before the connection waits for a reader. */
    public static final int STREAM_BUFFER_BYTES = 1 << 20;
    /** The most bytes a single stdin message carries. */
    public static final int STDIN_CHUNK_BYTES = 64 << 10;
    /** The signals {@link #signal(String)} can send. */
    public static final Set<String> SIGNALS = Signals.REQUESTABLE;

    private final StreamBuffer stdoutBuffer;
    private final StreamBuffer stderrBuffer;
    private final OutputStream stdoutSink;
    private final OutputStream stderrSink;
    private final OutputStream stdin;
    private final CompletableFuture<Long> started = new CompletableFuture<>();
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    // Completed before result, so that every onExit() future is done by the time waitFor() returns.
    private final CompletableFuture<Process> exit = new CompletableFuture<>();
    private volatile IOException sinkFailure;

    /**
     * @param stdinOpen  whether the remote stdin stays open for {@link #getOutputStream()}
     * @param stdoutSink where stdout goes as it arrives, or null to buffer it for {@link #getInputStream()}
     * @param stderrSink where stderr goes as it arrives, or null to buffer it for {@link #getErrorStream()}
     */
    protected RemoteProcess(boolean stdinOpen, OutputStream stdoutSink, OutputStream stderrSink) {
        this.stdoutSink = stdoutSink;
        this.stderrSink = stderrSink;
        this.stdoutBuffer = stdoutSink == null ? new StreamBuffer(STREAM_BUFFER_BYTES) : null;
        this.stderrBuffer = stderrSink == null ? new StreamBuffer(STREAM_BUFFER_BYTES) : null;
        this.stdin = stdinOpen ? new StdinStream() : OutputStream.nullOutputStream();
    }

    // ---- what the transport implements

    /** Sends bytes to the remote stdin; at most {@link #STDIN_CHUNK_BYTES} per call. */
    protected abstract void sendStdin(byte[] b, int off, int len) throws IOException;

    /** Closes the remote stdin. */
    protected abstract void sendStdinEof() throws IOException;

    /** Sends a signal (one of {@link #SIGNALS}) to the remote process group. */
    protected abstract void sendSignal(String name) throws IOException;

    // ---- what the transport reports

    /** The server started the command with this process id. */
    protected final void started(long pid) {
        started.complete(pid);
    }

    /** Output arrived; may block while the stream's buffer is full (that is the back-pressure). */
    protected final void stdoutReceived(byte[] b, int off, int len) {
        deliver(stdoutSink, stdoutBuffer, b, off, len);
    }

    protected final void stderrReceived(byte[] b, int off, int len) {
        deliver(stderrSink, stderrBuffer, b, off, len);
    }

    /** The command ended; {@code exitCode} is 128+N when it died of signal N. */
    protected final void exited(int exitCode, String signal, boolean timedOut, Duration duration) {
        finishBuffers(null);
        started.complete(-1L);
        exit.complete(this);
        result.complete(new ExecResult(exitCode, signal, timedOut, duration, null, null));
    }

    /** The request failed: the server refused it, or the connection was lost. */
    protected final void failed(IOException e) {
        finishBuffers(e);
        started.completeExceptionally(e);
        exit.complete(this);
        result.completeExceptionally(e);
    }

    /** Waits until the server reports the command started, or why it could not. */
    protected final void awaitStarted() throws IOException {
        try {
            started.get();
        } catch (InterruptedException e) {
            destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting a remote command");
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
    }

    private void deliver(OutputStream sink, StreamBuffer buffer, byte[] b, int off, int len) {
        if (buffer != null) {
            try {
                buffer.write(b, off, len);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (sinkFailure != null) {
            return;
        }
        try {
            sink.write(b, off, len);
            sink.flush();
        } catch (IOException e) {
            sinkFailure = e;
            destroyForcibly();
        }
    }

    private void finishBuffers(IOException failure) {
        for (StreamBuffer buffer : new StreamBuffer[] {stdoutBuffer, stderrBuffer}) {
            if (buffer != null) {
                if (failure == null) {
                    buffer.finish();
                } else {
                    buffer.fail(failure);
                }
            }
        }
    }

    // ---- the Process API

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdoutBuffer == null ? InputStream.nullInputStream() : stdoutBuffer.inputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return stderrBuffer == null ? InputStream.nullInputStream() : stderrBuffer.inputStream();
    }

    /** The remote process id (also its process group id), or -1 when the server has not said. */
    @Override
    public long pid() {
        Long pid = started.getNow(-1L);
        return pid == null ? -1 : pid;
    }

    /**
     * Waits for the command to end and returns its exit value (128+N after signal N).
     *
     * @throws UncheckedIOException wrapping a {@link RemoteShellException} when the connection was lost
     */
    @Override
    public int waitFor() throws InterruptedException {
        try {
            return result.get().exitCode();
        } catch (ExecutionException e) {
            throw new UncheckedIOException(asIOException(e.getCause()));
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            result.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new UncheckedIOException(asIOException(e.getCause()));
        }
    }

    /**
     * Waits for the command to end and returns how it ended (without output bytes).
     *
     * @throws ConnectionLostException when the connection ended first
     * @throws IOException             when writing the output to a given stream failed (the command was killed)
     * @throws InterruptedIOException  when the caller was interrupted (the command keeps running)
     */
    public ExecResult waitForResult() throws IOException {
        ExecResult r;
        try {
            r = result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for remote command " + this);
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
        IOException sinkError = sinkFailure;
        if (sinkError != null) {
            throw new IOException("writing the command's output failed: " + sinkError.getMessage(), sinkError);
        }
        return r;
    }

    @Override
    public int exitValue() {
        if (!result.isDone()) {
            throw new IllegalThreadStateException("remote process " + pid() + " has not exited");
        }
        try {
            return result.join().exitCode();
        } catch (RuntimeException e) {
            throw new UncheckedIOException(asIOException(e.getCause()));
        }
    }

    @Override
    public boolean isAlive() {
        return !result.isDone();
    }

    /** Sends TERM to the remote process group; does nothing once it has exited. */
    @Override
    public void destroy() {
        signalQuietly("TERM");
    }

    /** Sends KILL to the remote process group; does nothing once it has exited. */
    @Override
    public Process destroyForcibly() {
        signalQuietly("KILL");
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        // A copy per caller: completing it cannot touch this process, and it completes on exit.complete's thread.
        return exit.copy();
    }

    /** Sends a signal (INT, TERM, KILL, HUP or QUIT) to the remote process group. */
    public void signal(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        if (!SIGNALS.contains(name)) {
            throw new IllegalArgumentException("cannot send signal " + name + "; the signals are " + SIGNALS);
        }
        if (isAlive()) {
            sendSignal(name);
        }
    }

    /** The signal that killed the command, once it has ended. */
    public Optional<String> exitSignal() {
        return ended().flatMap(ExecResult::signal);
    }

    /** Whether the command was killed for running past its timeout, once it has ended. */
    public boolean timedOut() {
        return ended().map(ExecResult::timedOut).orElse(false);
    }

    private Optional<ExecResult> ended() {
        if (!result.isDone() || result.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(result.join());
    }

    private void signalQuietly(String name) {
        try {
            signal(name);
        } catch (IOException e) {
            // The connection is gone, and the server kills the commands of a lost connection.
        }
    }

    private static IOException asIOException(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        return new IOException(t);
    }

    /** Chunks writes into stdin messages; small writes are gathered until flush, close, or a full chunk. */
    private final class StdinStream extends OutputStream {
        private final byte[] buf = new byte[STDIN_CHUNK_BYTES];
        private int count;
        private boolean closed;

        @Override
        public synchronized void write(int b) throws IOException {
            ensureOpen();
            if (count == buf.length) {
                drain();
            }
            buf[count++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureOpen();
            while (len > 0) {
                if (count == 0 && len >= buf.length) {
                    sendStdin(b, off, buf.length);
                    off += buf.length;
                    len -= buf.length;
                    continue;
                }
                int n = Math.min(len, buf.length - count);
                System.arraycopy(b, off, buf, count, n);
                count += n;
                off += n;
                len -= n;
                if (count == buf.length) {
                    drain();
                }
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (!closed) {
                drain();
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!isAlive()) {
                return;
            }
            drain();
            sendStdinEof();
        }

        private void drain() throws IOException {
            if (count > 0) {
                ensureRunning();
                sendStdin(buf, 0, count);
                count = 0;
            }
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
            ensureRunning();
        }

        private void ensureRunning() throws IOException {
            if (!isAlive()) {
                throw new IOException("Broken pipe: the remote command has ended");
            }
        }
    }
}
