package io.remoteshell.client;

/**
 * The server refused or failed one request and said why, with a machine-readable code
 * (for example {@code NOT_FOUND}, {@code EXEC_FAILED}, {@code IO_ERROR}) and a message.
 * The session stays usable.
 */
public class RemoteErrorException extends RemoteShellException {

    private final String code;
    private final String remoteMessage;

    public RemoteErrorException(String code, String remoteMessage) {
        super(code + ": " + remoteMessage);
        this.code = code;
        this.remoteMessage = remoteMessage;
    }

    /** The server's error code, in UPPER_SNAKE case. */
    public String code() {
        return code;
    }

    /** The server's own words, without the code. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
