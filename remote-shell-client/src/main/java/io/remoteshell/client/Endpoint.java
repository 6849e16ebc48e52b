package io.remoteshell.client;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Where to connect and as whom, read from a URI like {@code rsp://alice@host:9900}, {@code rsps://alice@host} or
 * {@code ssh://alice@host}. The user defaults to the local user name and the port to the scheme's default (9900 for
 * rsp, 9901 for rsps, 22 for ssh), as with ssh.
 */
public record Endpoint(String scheme, String user, String host, int port) {

    /** The schemes {@link RemoteShell#connect} understands. */
    public static final Set<String> SCHEMES = Set.of("rsp", "rsps", "ssh");
    public static final int RSP_DEFAULT_PORT = 9900;
    public static final int RSPS_DEFAULT_PORT = 9901;
    public static final int SSH_DEFAULT_PORT = 22;

    public static Endpoint parse(URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unsupported address " + uri + ": the scheme must be one of "
                    + String.join(", ", SCHEMES.stream().sorted().toList()) + ", as in rsp://USER@HOST:9900, rsps://USER@HOST:9901 or ssh://USER@HOST:22");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("address " + uri + " names no host; write it as " + scheme + "://USER@HOST:PORT");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("address " + uri + " has a path or query; write it as " + scheme + "://USER@HOST:PORT");
        }
        String user = uri.getUserInfo() != null && !uri.getUserInfo().isEmpty() ? uri.getUserInfo() : System.getProperty("user.name");
        int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new Endpoint(scheme, user, host, port);
    }

    /** The port a scheme uses when the address names none. */
    public static int defaultPort(String scheme) {
        return switch (scheme) {
            case "ssh" -> SSH_DEFAULT_PORT;
            case "rsps" -> RSPS_DEFAULT_PORT;
            default -> RSP_DEFAULT_PORT;
        };
    }

    /** {@code host:port}, as error messages show it. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + user + "@" + hostPort();
    }
}
