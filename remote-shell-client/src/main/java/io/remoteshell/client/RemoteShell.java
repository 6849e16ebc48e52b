package io.remoteshell.client;

import io.remoteshell.client.rsp.RspSession;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Opens sessions to remote shells:
 * <pre>{@code
 * try (Session s = RemoteShell.connect(URI.create("rsp://alice@127.0.0.1:9900"), Credentials.token(t))) {
 *     System.out.println(s.exec("uname -a").stdoutText());
 * }
 * }</pre>
 */
public final class RemoteShell {

    /** How long connecting and authenticating may take unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private RemoteShell() {
    }

    /** Connects and authenticates, waiting at most {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public static Session connect(URI uri, Credentials credentials) throws IOException {
        return connect(uri, credentials, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Connects to {@code uri} ({@code rsp://USER@HOST[:PORT]}, port 9900 by default) and authenticates.
     *
     * @throws IllegalArgumentException for an address that is not one of the supported schemes
     * @throws ConnectFailedException   when the server cannot be reached in {@code timeout}
     * @throws AuthenticationException  when the server rejects the user or token
     */
    public static Session connect(URI uri, Credentials credentials, Duration timeout) throws IOException {
        Endpoint endpoint = Endpoint.parse(uri);
        return switch (endpoint.scheme()) {
            case "rsp" -> RspSession.open(endpoint, credentials, timeout);
            default -> throw new IllegalStateException("scheme " + endpoint.scheme() + " is listed but not wired");
        };
    }
}
