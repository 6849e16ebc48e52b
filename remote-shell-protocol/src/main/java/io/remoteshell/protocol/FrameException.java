package io.remoteshell.protocol;

import java.io.IOException;

/**
 * A peer broke the protocol. Carries the ERROR code to answer with, the request id it concerns,
 * and whether the connection must be closed afterwards (the contract says so for id 0,
 * FRAME_TOO_LARGE and anything before authentication).
 */
public class FrameException extends IOException {

    private final ErrorCode code;
    private final int id;
    private final boolean fatal;

    public FrameException(ErrorCode code, int id, boolean fatal, String message) {
        super(message);
        this.code = code;
        this.id = id;
        this.fatal = fatal;
    }

    public ErrorCode code() {
        return code;
    }

    public int id() {
        return id;
    }

    public boolean fatal() {
        return fatal;
    }

    /** The ERROR frame that answers this violation. */
    public Frame toErrorFrame() {
        return Frame.json(FrameType.ERROR, id, new Messages.Error(code.name(), getMessage()));
    }
}
