package io.remoteshell.client;

/** The server's host key is not trusted: it changed since it was recorded, or the host is unknown and was not accepted. */
public class HostKeyException extends ConnectFailedException {

    public HostKeyException(String message) {
        super(message, null);
    }
}
