package io.remoteshell.client;

/** The server sent something the protocol does not allow; the client closes the connection or fails the request. */
public class ProtocolViolationException extends RemoteShellException {

    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
