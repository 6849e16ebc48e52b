package io.remoteshell.server.core;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Paths from clients: absolute as given, relative against the server user's home, like ssh and scp do. */
public record PathResolver(Path home) {

    public static PathResolver ofServerUser() {
        return new PathResolver(Path.of(System.getProperty("user.home")));
    }

    public Path resolve(String path) throws RequestException {
        if (path == null || path.isEmpty()) {
            throw new RequestException(Refusal.INVALID_REQUEST, "a non-empty \"path\" is required");
        }
        try {
            return home.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new RequestException(Refusal.INVALID_REQUEST, "invalid path \"" + path + "\": " + e.getReason());
        }
    }
}
