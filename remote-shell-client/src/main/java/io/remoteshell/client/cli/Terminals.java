package io.remoteshell.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream is a terminal, which Java itself cannot tell per stream. */
final class Terminals {

    static final int STDIN = 0;
    static final int STDERR = 2;

    private Terminals() {
    }

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            // No /proc (not Linux): a console exists only when both stdin and stdout are terminals.
            return System.console() != null;
        }
    }
}
