package io.remoteshell.client;

/** The server did not accept the user and token. */
public class AuthenticationException extends RemoteShellException {

    public AuthenticationException(String message) {
        super(message);
    }
}
