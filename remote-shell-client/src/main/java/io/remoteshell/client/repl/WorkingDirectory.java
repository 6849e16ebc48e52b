package io.remoteshell.client.repl;

import java.util.Optional;

/**
 * The remote working directory the REPL runs every command in, as a shell keeps its own: {@code cd}
 * alone goes home, {@code cd -} goes back. It only decides where to go; the
 * server resolves and checks the path ({@link #resolveCommand}) before {@link #moveTo} records it.
 */
final class WorkingDirectory {

    private final String home;
    private String current;
    private String previous;

    WorkingDirectory(String start, String home) {
        this.current = start;
        this.home = home;
    }

    String current() {
        return current;
    }

    String home() {
        return home;
    }

    /**
     * The shell text of where {@code cd ARG} goes: home for no argument, the previous directory for
     * {@code -} (empty when there is none yet), else ARG as typed, for the remote shell to expand
     * ({@code ~}, {@code $VAR}, quotes) as its own cd would.
     */
    Optional<String> target(String arg) {
        if (arg == null || arg.isBlank()) {
            return Optional.of(Words.quote(home));
        }
        if (arg.strip().equals("-")) {
            return Optional.ofNullable(previous).map(Words::quote);
        }
        return Optional.of(arg.strip());
    }

    /** The shell line, run in {@link #current()}, that prints the absolute path of {@code target} or fails as cd does. */
    static String resolveCommand(String target) {
        return "cd -- " + target + " && pwd";
    }

    /** The server confirmed {@code resolved} as the new directory. */
    void moveTo(String resolved) {
        if (!resolved.equals(current)) {
            previous = current;
            current = resolved;
        }
    }

    /** A path as the server must see it: absolute, with ~ expanded, else relative to the working directory. */
    String absolute(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return home + path.substring(1);
        }
        if (path.startsWith("/")) {
            return path;
        }
        return (current.endsWith("/") ? current : current + "/") + path;
    }
}
