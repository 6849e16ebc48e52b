package io.remoteshell.client.rsp;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import java.io.IOException;

/** One open request on an RSP connection: receives the frames with its id, on the reader thread. */
interface RspRequest {

    /**
     * Handles a frame of this request.
     *
     * @return true when the frame ended the request (its id is then free)
     * @throws IOException when the server broke the protocol; the request then fails with it
     */
    boolean onFrame(Frame frame) throws IOException;

    /**
     * Handles a data frame (STDOUT, STDERR, DATA) of this request, its payload in a buffer the connection reuses: valid
     * only during the call. By default a copy goes to {@link #onFrame}.
     */
    default boolean onData(FrameType type, int id, byte[] buf, int off, int len) throws IOException {
        return onFrame(new Frame(type, id, java.util.Arrays.copyOfRange(buf, off, off + len)));
    }

    /** The request ended without its last frame: the connection was lost or the server broke the protocol. */
    void onFailure(IOException cause);
}
