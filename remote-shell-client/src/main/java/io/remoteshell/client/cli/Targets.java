package io.remoteshell.client.cli;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Reads TARGET as ssh would: {@code rsp://USER@HOST:PORT} and {@code ssh://USER@HOST:PORT} as they are,
 * a bare {@code [USER@]HOST} as ssh on port 22. {@code -l USER} and {@code -p PORT} fill in what TARGET leaves
 * out (what it says itself wins, as in ssh's URIs).
 */
final class Targets {

    private Targets() {
    }

    static URI parse(String target, String user, Integer port) throws URISyntaxException {
        if (target.isBlank()) {
            throw new URISyntaxException(target, "empty TARGET");
        }
        URI uri = target.contains("://") ? new URI(target) : new URI("ssh://" + target);
        if (uri.getHost() == null) {
            throw new URISyntaxException(target, "no host; write USER@HOST, ssh://USER@HOST:PORT or rsp://USER@HOST:PORT");
        }
        String u = uri.getUserInfo() != null ? uri.getUserInfo() : user;
        int p = uri.getPort() != -1 ? uri.getPort() : port != null ? port : -1;
        return new URI(uri.getScheme(), u, uri.getHost(), p, uri.getPath(), uri.getQuery(), uri.getFragment());
    }
}
