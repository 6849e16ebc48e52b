package io.remoteshell.client.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Whether a standard stream is a terminal, which Java itself cannot tell per stream; the terminal to ask questions at. */
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

    /**
     * The terminal for the password or host key question of a command that is not interactive (a one-shot command, get, put),
     * made only when a question is asked; null when stdin is not a terminal, so that nobody is asked.
     */
    static Supplier<Terminal> forQuestions() {
        if (!isTerminal(STDIN)) {
            return null;
        }
        Terminal[] made = new Terminal[1];
        return () -> {
            if (made[0] == null) {
                try {
                    made[0] = TerminalBuilder.builder().name("rshell").system(true).build();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return made[0];
        };
    }
}
