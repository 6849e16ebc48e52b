package io.remoteshell.server.core;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a running command reports to. Calls for one command never overlap in time per pipe, and
 * the order is fixed: {@link #started} first, then output as it is produced, then {@link #exited}
 * exactly once after the process ended and both pipes reached end of file.
 * <p>
 * {@link #output} must write synchronously: while it blocks, the pipe's pump does not read,
 * the pipe fills and the command blocks. That is the back-pressure that keeps memory bounded.
 */
public interface CommandListener {

    /**
     * The process is running; {@code command.pid()} is also its process group and session id.
     * Called before any output; keep the handle to feed stdin, signal it or read its byte counts.
     */
    void started(RunningCommand command) throws IOException;

    /** Bytes the command wrote; the buffer is reused after the call returns. */
    void output(OutputKind kind, byte[] buf, int off, int len) throws IOException;

    /**
     * Bytes of room a listener wants in front of each output chunk, to take output with {@link
     * #output(OutputKind, ByteBuffer)} instead; -1 (the default): it takes arrays. A frame header, say: then the
     * chunk goes from the pipe into the listener's frame without being copied.
     */
    default int outputHeadroom() {
        return -1;
    }

    /**
     * Bytes the command wrote, for a listener with {@link #outputHeadroom()} of at least 0: a direct buffer whose first
     * headroom bytes (from its position) are the listener's to fill, followed by the output up to its limit. The buffer
     * is reused after the call returns.
     */
    default void output(OutputKind kind, ByteBuffer chunk) throws IOException {
        throw new UnsupportedOperationException("this listener takes output as arrays");
    }

    /** The command is over and all of its output has been delivered. */
    void exited(ExitStatus status);

    /**
     * True when {@link #exited} never waits for the peer (it only queues what it sends): then it may run on the thread
     * that watches every command's pipes, saving a hand-off to another thread (a wake-up) on the way to the client.
     */
    default boolean exitedWithoutWaiting() {
        return false;
    }

    /**
     * {@code bytes} of what was handed to the command's standard input are gone from the server's memory: written to
     * the pipe, or dropped because the input was closed. Flow control is based on it. Called on a writer thread.
     */
    default void stdinConsumed(int bytes) {
    }
}
