package io.remoteshell.client.cli;

import io.remoteshell.client.Command;
import io.remoteshell.client.Session;
import java.io.IOException;

/** scp's rule for a remote destination: a directory (or a path ending in /) receives the file under its own name. */
final class RemotePaths {

    private RemotePaths() {
    }

    static String into(Session session, String remote, String name) throws IOException {
        if (remote.endsWith("/")) {
            return remote + name;
        }
        if (isDirectory(session, remote)) {
            return remote + "/" + name;
        }
        return remote;
    }

    static boolean isDirectory(Session session, String remote) throws IOException {
        return session.exec(Command.argv("test", "-d", remote)).exitCode() == 0;
    }
}
