package io.remoteshell.client;

/** The server did not accept the user and the token, keys or password; or the credentials could not be read. */
public class AuthenticationException extends RemoteShellException {

    public AuthenticationException(String message) {
        super(message);
    }
}
