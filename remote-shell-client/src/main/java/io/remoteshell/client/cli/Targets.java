package io.remoteshell.client.cli;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Reads TARGET as ssh would: {@code rsp://USER@HOST:PORT} and {@code ssh://USER@HOST:PORT} as they are,
 * a bare {@code [USER@]HOST} as ssh on port 22. {@code -l USER} and {@code -p PORT} fill in what TARGET leaves
 * out (what it says itself wins, as in ssh's URIs).
 */
final class Targets {

    /** A scheme rshell knows, followed by a colon but not by "//". */
    private static final java.util.regex.Pattern SCHEME_WITHOUT_SLASHES =
            java.util.regex.Pattern.compile("(rsps?|ssh):/?(?!/)", java.util.regex.Pattern.CASE_INSENSITIVE);

    private Targets() {
    }

    /** A port that TCP can have; 0 and 65536 up are typing mistakes that must not reach the socket layer. */
    static void checkPort(int port) throws URISyntaxException {
        if (port != -1 && (port < 1 || port > 65535)) {
            throw new URISyntaxException(String.valueOf(port), "port " + port + " is out of range: a port is 1 to 65535");
        }
    }

    static URI parse(String target, String user, Integer port) throws URISyntaxException {
        if (target.isBlank()) {
            throw new URISyntaxException(target, "empty TARGET");
        }
        java.util.regex.Matcher scheme = SCHEME_WITHOUT_SLASHES.matcher(target);
        if (!target.contains("://") && scheme.lookingAt()) {
            // rsp:/host or ssh:host would otherwise be read as a host named "rsp" with a path.
            String name = scheme.group(1);
            String rest = target.substring(scheme.end()).replaceFirst("^/+", "");
            throw new URISyntaxException(target, "a URI needs two slashes after " + name + ": write " + name + "://" + rest);
        }
        URI uri = target.contains("://") ? new URI(target) : new URI("ssh://" + target);
        if (uri.getHost() == null) {
            throw new URISyntaxException(target, "no host; write USER@HOST, ssh://USER@HOST:PORT or rsp://USER@HOST:PORT");
        }
        checkPort(uri.getPort());
        if (port != null) {
            checkPort(port);
        }
        String u = uri.getUserInfo() != null ? uri.getUserInfo() : user;
        int p = uri.getPort() != -1 ? uri.getPort() : port != null ? port : -1;
        return new URI(uri.getScheme(), u, uri.getHost(), p, uri.getPath(), uri.getQuery(), uri.getFragment());
    }
}
