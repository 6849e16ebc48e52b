package io.remoteshell.client;

import io.remoteshell.client.rsp.RspSession;
import io.remoteshell.client.ssh.SshSession;
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
 * or, over SSH, {@code RemoteShell.connect(URI.create("ssh://alice@host"), Credentials.sshKeys(keys, prompt), HostKeys.defaults())},
 * or over TLS, {@code RemoteShell.connect(URI.create("rsps://alice@host"), Credentials.token(t), ServerPins.acceptNew(file), timeout)}.
 */
public final class RemoteShell {

    /** How long connecting and authenticating may take unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    static {
        QuietLogging.whenUnbound();
    }

    private RemoteShell() {
    }

    /** Connects and authenticates, waiting at most {@link #DEFAULT_CONNECT_TIMEOUT}; SSH host keys are checked strictly. */
    public static Session connect(URI uri, Credentials credentials) throws IOException {
        return connect(uri, credentials, HostKeys.defaults(), DEFAULT_CONNECT_TIMEOUT);
    }

    /** Connects and authenticates, waiting at most {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public static Session connect(URI uri, Credentials credentials, HostKeys hostKeys) throws IOException {
        return connect(uri, credentials, hostKeys, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Connects and authenticates; SSH host keys are checked strictly against {@code ~/.ssh/known_hosts}. */
    public static Session connect(URI uri, Credentials credentials, Duration timeout) throws IOException {
        return connect(uri, credentials, HostKeys.defaults(), timeout);
    }

    /**
     * Connects to {@code uri} ({@code rsp://USER@HOST[:PORT]}, port 9900 by default, {@code rsps://USER@HOST[:PORT]},
     * port 9901, or {@code ssh://USER@HOST[:PORT]}, port 22 by default) and authenticates. {@code hostKeys} applies to
     * SSH; rsps checks its pins in {@link ServerPins#defaults()} (use the {@link ServerPins} overload to choose);
     * plain RSP/1 has no server identity.
     *
     * @throws IllegalArgumentException for an address that is not one of the supported schemes
     * @throws ConnectFailedException   when the server cannot be reached in {@code timeout}
     * @throws HostKeyException         when the SSH server's host key is not trusted
     * @throws AuthenticationException  when the server rejects the user and their token, keys or password
     */
    public static Session connect(URI uri, Credentials credentials, HostKeys hostKeys, Duration timeout) throws IOException {
        return connect(uri, credentials, hostKeys, timeout, SshOptions.DEFAULTS);
    }

    /**
     * Connects as {@link #connect(URI, Credentials, HostKeys, Duration)} does; an ssh:// address is reached through
     * {@code ssh}'s jump hosts, with its keepalives.
     *
     * @throws IllegalArgumentException for jump hosts with an rsp:// or rsps:// address, which has no way to use them
     */
    public static Session connect(URI uri, Credentials credentials, HostKeys hostKeys, Duration timeout, SshOptions ssh)
            throws IOException {
        Endpoint endpoint = Endpoint.parse(uri);
        if (!ssh.jumps().isEmpty() && !endpoint.scheme().equals("ssh")) {
            throw new IllegalArgumentException("jump hosts are for ssh:// addresses; " + endpoint.scheme()
                    + "://" + " connects directly");
        }
        return switch (endpoint.scheme()) {
            case "rsp" -> RspSession.open(endpoint, credentials, timeout);
            case "rsps" -> RspSession.openTls(endpoint, credentials, ServerPins.defaults(), timeout);
            case "ssh" -> SshSession.open(endpoint, credentials, hostKeys, timeout, ssh);
            default -> throw new IllegalStateException("scheme " + endpoint.scheme() + " is listed but not wired");
        };
    }

    /**
     * Connects to {@code uri} as {@link #connect(URI, Credentials, HostKeys, Duration)} does, checking an rsps server
     * against {@code pins}; SSH host keys, if the address is ssh://, are checked strictly against ~/.ssh/known_hosts.
     *
     * @throws HostKeyException when the rsps server's key is not pinned and not accepted, or differs from its pin
     */
    public static Session connect(URI uri, Credentials credentials, ServerPins pins, Duration timeout) throws IOException {
        Endpoint endpoint = Endpoint.parse(uri);
        if (endpoint.scheme().equals("rsps")) {
            return RspSession.openTls(endpoint, credentials, pins, timeout);
        }
        return connect(uri, credentials, HostKeys.defaults(), timeout);
    }
}
