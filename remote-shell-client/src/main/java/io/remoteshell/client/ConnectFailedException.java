package io.remoteshell.client;

/** No session could be set up with the server: nothing listens there, the host is unknown, or it refused us. */
public class ConnectFailedException extends RemoteShellException {

    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
