package io.remoteshell.client;

import java.util.function.BooleanSupplier;

/**
 * Progress of one {@link Session#get} or {@link Session#put}. The methods may be called on the
 * session's connection thread, so they must return quickly.
 */
public interface TransferListener {

    /** A listener that ignores everything. */
    TransferListener NONE = new TransferListener() {
    };

    /** The transfer began; {@code totalBytes} is the size of the file. */
    default void started(long totalBytes) {
    }

    /** {@code bytesSoFar} bytes of the file have been sent or received. */
    default void progressed(long bytesSoFar) {
    }

    /** The file arrived complete and verified. */
    default void finished(long totalBytes) {
    }

    /**
     * Asked between chunks: true stops the transfer, which then throws {@link java.io.InterruptedIOException} and
     * leaves no temporary file on either side (an interrupt of the calling thread does the same). A program's
     * Ctrl-C handler sets what this returns; a thread interrupt alone may be swallowed by the SSH library.
     */
    default boolean cancelled() {
        return false;
    }

    /** This listener, also {@link #cancelled()} once {@code cancelled} returns true (say, a Ctrl-C handler's flag). */
    default TransferListener cancelledWhen(BooleanSupplier cancelled) {
        TransferListener self = this;
        return new TransferListener() {
            @Override
            public void started(long totalBytes) {
                self.started(totalBytes);
            }

            @Override
            public void progressed(long bytesSoFar) {
                self.progressed(bytesSoFar);
            }

            @Override
            public void finished(long totalBytes) {
                self.finished(totalBytes);
            }

            @Override
            public boolean cancelled() {
                return cancelled.getAsBoolean() || self.cancelled();
            }
        };
    }
}
