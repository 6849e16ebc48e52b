package io.remoteshell.client;

import java.io.IOException;

/** Anything that went wrong talking to a remote shell; the subclasses say what. */
public class RemoteShellException extends IOException {

    public RemoteShellException(String message) {
        super(message);
    }

    public RemoteShellException(String message, Throwable cause) {
        super(message, cause);
    }
}
