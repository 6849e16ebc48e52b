package io.remoteshell.client;

/** The server's host key is not trusted: it changed since it was recorded, or the host is unknown and was not accepted. */
public class HostKeyException extends ConnectFailedException {

    private final boolean unknownHost;

    /** A changed key. */
    public HostKeyException(String message) {
        this(message, false);
    }

    public HostKeyException(String message, boolean unknownHost) {
        super(message, null);
        this.unknownHost = unknownHost;
    }

    /** True when the host is not in known_hosts at all (and was not accepted); false when its key changed. */
    public boolean isUnknownHost() {
        return unknownHost;
    }
}
