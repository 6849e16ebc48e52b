package io.remoteshell.client;

/**
 * The connection ended while a request was still open (the server went away, the network failed,
 * or the session was closed). The remote commands of that connection are killed by the server.
 */
public class ConnectionLostException extends RemoteShellException {

    public ConnectionLostException(String message) {
        super(message);
    }

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
