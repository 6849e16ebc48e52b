package io.remoteshell.client.repl;

import io.remoteshell.client.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for end-to-end tests: a detached tmux session (120x40) on a private tmux server,
 * typed into with send-keys and read with capture-pane. Installs Debian's tmux when it is missing.
 */
final class Tmux implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** What {@link #script} prints after its command ended. */
    static final String ENDED = "command-ended";

    private final String socket = "rshell-test-" + UUID.randomUUID();
    private final String session = "repl";

    private Tmux() {
    }

    /** Starts {@code command} (run by sh) in a new 120x40 terminal. */
    static Tmux start(String command) throws IOException {
        ensureInstalled();
        Tmux tmux = new Tmux();
        // The pane stays when the command ends, so that tests can read what it printed last.
        tmux.run("new-session", "-d", "-s", tmux.session, "-x", "120", "-y", "40", command,
                ";", "set-option", "-t", tmux.session, "remain-on-exit", "on");
        return tmux;
    }

    private static synchronized void ensureInstalled() throws IOException {
        if (exec(List.of("sh", "-c", "command -v tmux")) == 0) {
            return;
        }
        int status = exec(List.of("sh", "-c", "apt-get install -y tmux || (apt-get update && apt-get install -y tmux)"));
        if (status != 0) {
            throw new IOException("tmux is missing and `apt-get install -y tmux` failed (status " + status + "); install tmux to run these tests");
        }
    }

    private static int exec(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted running " + command, e);
        }
    }

    private String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Types text exactly as given (no key names). */
    void type(String text) throws IOException {
        run("send-keys", "-t", session, "-l", text);
    }

    /** Presses keys by tmux's names: Enter, Tab, Up, C-c, C-u, C-d. */
    void press(String... keys) throws IOException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Types a line and presses Enter. */
    void line(String text) throws IOException {
        type(text);
        press("Enter");
    }

    /** Resizes the terminal, as a person dragging the window's corner would; the program in it gets SIGWINCH. */
    void resize(int columns, int rows) throws IOException {
        run("resize-window", "-t", session, "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    String screen() throws IOException {
        return run("capture-pane", "-p", "-t", session);
    }

    /** The last line of the screen that is not blank (where the cursor's prompt is). */
    String lastLine() throws IOException {
        String[] lines = screen().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].stripTrailing();
            }
        }
        return "";
    }

    /** Polls the screen until {@code condition} holds; fails with the screen after {@link #WAIT}. */
    String await(String what, Predicate<String> condition) {
        String[] last = {""};
        try {
            Deadline.await(WAIT, what, () -> {
                try {
                    last[0] = screen();
                    return condition.test(last[0]);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the screen was:\n" + last[0], e);
        }
        return last[0];
    }

    /**
     * A script that runs {@code command}, then writes its exit status to {@code statusFile} and prints {@link #ENDED}
     * (where the shell's next prompt would go), for tmux to start.
     */
    static Path script(Path dir, String command, Path statusFile) throws IOException {
        Path script = dir.resolve("run-" + UUID.randomUUID() + ".sh");
        // The pane's Ctrl-C reaches this sh too; caught (not ignored, which the command would inherit), it cannot end
        // the script before the status is written.
        Files.writeString(script, "#!/bin/sh\ntrap : INT\n" + command + "\necho $? > " + statusFile + "\necho " + ENDED + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Override
    public void close() throws IOException {
        try {
            run("kill-server");
        } catch (IOException e) {
            // The last pane ended and took the server with it.
        }
    }
}
