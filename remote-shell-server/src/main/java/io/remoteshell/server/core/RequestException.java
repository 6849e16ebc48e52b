package io.remoteshell.server.core;

import io.remoteshell.protocol.ErrorCode;

/**
 * A request cannot be carried out, for a reason the client should be told. The code is the
 * protocol's shared vocabulary of failures; each front end maps it onto its own wire form.
 */
public class RequestException extends Exception {

    private final ErrorCode code;

    public RequestException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public RequestException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
