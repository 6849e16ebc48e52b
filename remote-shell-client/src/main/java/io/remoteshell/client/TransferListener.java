package io.remoteshell.client;

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
}
