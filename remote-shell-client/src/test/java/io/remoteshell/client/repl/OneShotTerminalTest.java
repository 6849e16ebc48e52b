package io.remoteshell.client.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.remoteshell.client.Deadline;
import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code rshell HOST COMMAND} in a real terminal: -t as ssh -t, and the keyboard forwarded as ssh forwards it. */
@Timeout(120)
class OneShotTerminalTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension server = TestServer.extension().rsps(false).build();
    static Path key;

    @BeforeAll
    static void prepare() throws IOException {
        key = server.privateKey();
    }

    @Test
    void dashTRunsTheCommandOnARemoteTerminalThatFollowsResizesAndKeepsTheExitStatus() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-t"));
        Path status = home.resolve("status");
        // Options after the host, as ssh takes them.
        List<String> args = List.of(TestServer.USER + "@127.0.0.1", "-t", "-p", String.valueOf(server.sshPort()),
                "-i", key.toString(), "--accept-new",
                "tty | sed s/^/tty-is-/; stty size; while read line; do stty size | sed s/^/now-/; done; exit 7");
        try (Tmux tmux = Tmux.start(command(home, args, status))) {
            tmux.await("a remote pty of the terminal's size", s -> s.contains("tty-is-/dev/pts/") && s.contains("40 120"));
            tmux.resize(100, 30);
            // Raw mode: each Enter goes to the remote terminal, whose loop answers with its size. The window change
            // travels on its own (a signal, then a message), so ask again until it has arrived.
            int[] asked = {0};
            String[] screen = {""};
            try {
                Deadline.await(Tmux.WAIT, "the remote terminal following the resize", () -> {
                    try {
                        screen[0] = tmux.screen();
                        if (screen[0].contains("now-30 100")) {
                            return true;
                        }
                        if (screen[0].split("now-", -1).length - 1 >= asked[0]) {
                            tmux.press("Enter");
                            asked[0]++;
                        }
                        return false;
                    } catch (IOException e) {
                        return false;
                    }
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the screen was:\n" + screen[0], e);
            }
            // Ctrl-D, a byte like any other in raw mode, is the remote terminal's end of input.
            tmux.press("C-d");
            assertEquals("7", awaitStatus(status, tmux));
        }
    }

    @Test
    void keyboardInputReachesAOneShotCommandAsWithSsh() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-keys"));
        Path status = home.resolve("status");
        List<String> args = List.of("--token-file", server.tokenFile().toString(), server.rspUri().toString(),
                "echo ask; read x; echo got-$x");
        try (Tmux tmux = Tmux.start(command(home, args, status))) {
            tmux.await("the command waiting for a line", s -> s.contains("ask"));
            tmux.line("typed-here");
            tmux.await("the line read remotely", s -> s.contains("got-typed-here"));
            assertEquals("0", awaitStatus(status, tmux));
        }
    }

    private static String awaitStatus(Path status, Tmux tmux) {
        try {
            Deadline.await(Tmux.WAIT, "rshell to exit", () -> {
                try {
                    return Files.exists(status) && !Files.readString(status).isBlank();
                } catch (IOException e) {
                    return false;
                }
            });
            return Files.readString(status).strip();
        } catch (AssertionError | IOException e) {
            String screen;
            try {
                screen = tmux.screen();
            } catch (IOException gone) {
                screen = "(the terminal is gone: " + gone.getMessage() + ")";
            }
            throw new AssertionError(e.getMessage() + "; the screen was:\n" + screen, e);
        }
    }

    private static String command(Path home, List<String> args, Path status) throws IOException {
        List<String> words = new ArrayList<>(io.remoteshell.client.Jvm.command("io.remoteshell.client.cli.Rshell", "-Duser.home=" + home));
        words.addAll(args);
        String line = "cd " + Words.quote(home.toString()) + " && HOME=" + Words.quote(home.toString()) + " "
                + String.join(" ", words.stream().map(Words::quote).toList());
        return Tmux.script(home, line, status).toString();
    }
}
