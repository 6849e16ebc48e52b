package io.remoteshell.client.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.Deadline;
import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real rshell REPL in a real terminal (tmux) against a real rshelld, over RSP/1 and over SSH:
 * what a person at the keyboard sees.
 */
@Timeout(180)
class ReplEndToEndTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension rshelld = TestServer.extension().build();
    static TestServer server;
    static Path key;

    @BeforeAll
    static void startServer() throws IOException {
        server = TestServer.of(rshelld.server());
        key = server.authorizeNewKey(Files.createDirectory(dir.resolve("keys")));
        Files.createDirectories(dir.resolve("files/completion-target-dir"));
    }

    /** How rshell is told to reach a server over each transport. */
    enum Transport {
        RSP {
            @Override
            List<String> args(TestServer server) {
                return List.of("--token-file", server.tokenFile().toString(), server.uri().toString());
            }
        },
        RSPS {
            @Override
            List<String> args(TestServer server) {
                return List.of("--token-file", server.tokenFile().toString(), "--accept-new", server.rspsUri().toString());
            }
        },
        SSH {
            @Override
            List<String> args(TestServer server) {
                return List.of("-i", key.toString(), "--accept-new", "-p", String.valueOf(server.sshPort()), TestServer.USER + "@127.0.0.1");
            }
        };

        abstract List<String> args(TestServer server);
    }

    @Test
    void overRsp() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-rsp"));
        session(home, List.of("--token-file", server.tokenFile().toString(), server.uri().toString()));
    }

    @Test
    void overSsh() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-ssh"));
        session(home, List.of("-i", key.toString(), "--accept-new", "-p", String.valueOf(server.sshPort()),
                TestServer.USER + "@127.0.0.1"));
        String knownHosts = Files.readString(home.resolve(".ssh/known_hosts"));
        assertTrue(knownHosts.contains("[127.0.0.1]:" + server.sshPort() + " ssh-ed25519 "), knownHosts);
    }

    @Test
    void shellOverSshIsAFullTerminalAndReturnsToTheRepl() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-shell"));
        Path status = home.resolve("status");
        try (Tmux tmux = Tmux.start(command(home, List.of("-i", key.toString(), "--accept-new", server.sshUri().toString()), status))) {
            atPrompt(tmux).line("shell");
            tmux.line("stty size; echo in-shell-$((40+2))");
            tmux.await("the pty shell's output", s -> s.contains("40 120") && s.contains("in-shell-42"));
            tmux.resize(100, 30);
            tmux.line("stty size");
            tmux.await("the remote pty following the resize", s -> s.contains("\n30 100\n"));
            tmux.line("exit");
            atPrompt(tmux).line("exit");
            assertEquals("0", awaitStatus(status, tmux));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void getPutAndLocalCommands(Transport transport) throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-files-" + transport));
        Path remoteDir = Files.createDirectory(dir.resolve("remote-files-" + transport));
        byte[] up = randomBytes(1024 * 1024 + 7, 1);
        byte[] down = randomBytes(512 * 1024 + 3, 2);
        Files.write(home.resolve("up.bin"), up);
        Files.write(remoteDir.resolve("down.bin"), down);
        Path status = home.resolve("status");
        try (Tmux tmux = Tmux.start(command(home, transport.args(server), status))) {
            // Relative remote paths are the REPL's remote directory; relative local ones are rshell's own directory (home).
            atPrompt(tmux).line("cd " + remoteDir);
            tmux.await("the prompt in the remote directory", s -> lastLine(s).contains(" " + remoteDir.getFileName() + "]"));

            atPrompt(tmux).line("put up.bin");
            tmux.await("put reporting success", s -> s.contains("put " + remoteDir.resolve("up.bin") + ": SHA-256 verified"));
            assertArrayEquals(up, Files.readAllBytes(remoteDir.resolve("up.bin")));
            atPrompt(tmux).line("put up.bin renamed.bin");
            tmux.await("put under another name", s -> s.contains("put " + remoteDir.resolve("renamed.bin") + ": SHA-256 verified"));
            assertArrayEquals(up, Files.readAllBytes(remoteDir.resolve("renamed.bin")));

            atPrompt(tmux).line("get down.bin");
            tmux.await("get reporting success", s -> s.contains("get " + remoteDir.resolve("down.bin") + ": SHA-256 verified"));
            assertArrayEquals(down, Files.readAllBytes(home.resolve("down.bin")));
            atPrompt(tmux).line("get down.bin copy.bin");
            tmux.await("get under another name", s -> lastLine(s).startsWith("[") && s.indexOf("down.bin: SHA-256 verified")
                    != s.lastIndexOf("down.bin: SHA-256 verified"));
            assertArrayEquals(down, Files.readAllBytes(home.resolve("copy.bin")));

            atPrompt(tmux).line("get missing.bin");
            String failed = tmux.await("the prompt after a failed get, with status 1", s -> lastLine(s).startsWith("(1)["));
            List<String> complaint = failed.lines().filter(l -> l.startsWith("rshell: ") && !l.endsWith("SHA-256 verified")).toList();
            assertEquals(1, complaint.size(), "one line for the failure:\n" + failed);
            assertTrue(complaint.get(0).contains(remoteDir.resolve("missing.bin").toString()), "it names the file: " + complaint);
            assertFalse(failed.contains("Exception") || failed.contains("\tat "), "no stack trace:\n" + failed);
            assertFalse(Files.exists(home.resolve("missing.bin")), "no local file for a failed get");

            // Run locally: the marker lands in rshell's directory (home), not in the remote directory.
            atPrompt(tmux).line("!touch marker-from-bang && echo local-$((6*7))");
            tmux.await("the local command's output", s -> s.contains("\nlocal-42\n"));
            assertTrue(Files.exists(home.resolve("marker-from-bang")), "the local command ran in the local directory");
            assertFalse(Files.exists(remoteDir.resolve("marker-from-bang")));

            atPrompt(tmux).line("echo still-$((2+3))");
            tmux.await("a remote command after all that", s -> s.contains("\nstill-5\n"));
            atPrompt(tmux).line("exit");
            assertEquals("0", awaitStatus(status, tmux));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"RSP", "SSH"})
    void ctrlCDuringGetCancelsItAndReturnsToThePromptLeavingNoPartFile(Transport transport) throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-cancel-" + transport));
        Path big = dir.resolve("big-" + transport + ".bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30); // sparse, and big enough that Ctrl-C lands while it is still being copied
        }
        Path status = home.resolve("status");
        try (Tmux tmux = Tmux.start(command(home, transport.args(server), status))) {
            atPrompt(tmux).line("get " + big);
            Deadline.await(Tmux.WAIT, "the .part file of the download", () -> !partFiles(home).isEmpty());
            tmux.press("C-c");
            tmux.await("the prompt after the cancelled get, with status 130",
                    s -> s.contains("cancelled; nothing was left behind") && lastLine(s).startsWith("(130)["));
            assertEquals(List.of(), partFiles(home));
            assertFalse(Files.exists(home.resolve(big.getFileName())));
            atPrompt(tmux).line("echo after-$((40+2))");
            tmux.await("a command after the cancelled get", s -> s.contains("\nafter-42\n"));
            atPrompt(tmux).line("exit");
            assertEquals("0", awaitStatus(status, tmux));
        } finally {
            Files.deleteIfExists(big);
        }
    }

    private static List<Path> partFiles(Path directory) {
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDroppedConnectionIsReportedAndReconnects(Transport transport) throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-reconnect-" + transport));
        Path status = home.resolve("status");
        TestServer own = TestServer.startWithRsps(dir.resolve("state-reconnect-" + transport));
        own.authorize(dir.resolve("keys/id_ed25519.pub"));
        try (Tmux tmux = Tmux.start(command(home, transport.args(own), status))) {
            atPrompt(tmux).line("cd /tmp");
            tmux.await("the prompt in /tmp", s -> lastLine(s).contains(" tmp]"));
            atPrompt(tmux).line("echo before-the-drop");
            tmux.await("a command before the drop", s -> s.contains("\nbefore-the-drop\n"));

            own.close();
            atPrompt(tmux).line("echo after-the-drop");
            String offer = tmux.await("the offer to reconnect", s -> lastLine(s).startsWith("Reconnect to "));
            List<String> report = offer.lines().filter(l -> l.contains("connection")).toList();
            assertEquals(1, report.size(), "one line about the lost connection:\n" + offer);
            assertTrue(report.get(0).startsWith("rshell: the connection to ") && report.get(0).contains(" was lost"), report.get(0));
            assertFalse(offer.contains("Exception") || offer.contains("\tat "), "no stack trace:\n" + offer);

            own = own.startAgain();
            tmux.line("y");
            String reconnected = tmux.await("the prompt after reconnecting", s -> s.contains("rshell: reconnected to ")
                    && (lastLine(s).endsWith("]#") || lastLine(s).endsWith("]$")));
            assertFalse(lastLine(reconnected).contains("(255)"), "no stale status on a fresh connection: " + lastLine(reconnected));
            assertTrue(lastLine(reconnected).startsWith("[" + TestServer.USER + "@"), lastLine(reconnected));
            atPrompt(tmux).line("pwd; echo back-$((40+2))");
            tmux.await("a command on the new connection, still in /tmp", s -> s.contains("\n/tmp\nback-42\n"));

            atPrompt(tmux).press("Up", "Up");
            tmux.await("history without the answer to the question", s -> lastLine(s).endsWith(" echo after-the-drop"));
            tmux.press("C-u");
            atPrompt(tmux).line("exit");
            assertEquals("0", awaitStatus(status, tmux));
        } finally {
            own.close();
        }
    }

    /** With tmux's own TERM JLine drives the terminal; with TERM=dumb it reads plain lines, and rshell must end the line itself. */
    @ParameterizedTest
    @ValueSource(strings = {"", "TERM=dumb"})
    void ctrlDLeavesWithStatusZeroAndTheShellPromptOnTheNextLine(String environment) throws IOException {
        Path home = Files.createDirectory(dir.resolve("home-ctrl-d" + environment.replace('=', '-')));
        Path status = home.resolve("status");
        try (Tmux tmux = Tmux.start(environment + " " + command(home, Transport.RSP.args(server), status))) {
            atPrompt(tmux).line("echo before-ctrl-d");
            tmux.await("the echo", s -> s.contains("\nbefore-ctrl-d\n"));
            atPrompt(tmux).press("C-d");
            assertEquals("0", awaitStatus(status, tmux));
            String screen = tmux.await("what runs after rshell", s -> s.contains(Tmux.ENDED));
            List<String> lines = screen.lines().map(String::stripTrailing).toList();
            int ended = lines.indexOf(Tmux.ENDED);
            assertTrue(ended > 0, "the next output starts a line of its own:\n" + screen);
            assertTrue(lines.get(ended - 1).endsWith("]#") || lines.get(ended - 1).endsWith("]$"),
                    "right below the prompt Ctrl-D was typed at, no blank line between:\n" + screen);
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** The scenario every transport must pass, in one REPL session. */
    private static void session(Path home, List<String> args) throws IOException {
        Path status = home.resolve("status");
        try (Tmux tmux = Tmux.start(command(home, args, status))) {
            atPrompt(tmux).line("echo hello-$((6*7)); echo to-stderr >&2");
            tmux.await("a command's output", s -> s.contains("\nhello-42\n") && s.contains("\nto-stderr\n"));

            atPrompt(tmux).line("cd /tmp");
            tmux.await("the prompt in /tmp", s -> s.contains(" tmp]"));
            atPrompt(tmux).line("pwd");
            tmux.await("pwd printing /tmp", s -> s.contains("\n/tmp\n"));

            atPrompt(tmux).line("sleep 100");
            Deadline.await(Tmux.WAIT, "sleep 100 running on the server", () -> remoteSleep().isPresent());
            tmux.press("C-c");
            tmux.await("the prompt after Ctrl-C, with status 130", s -> s.contains("(130)["));
            // Gone long before its 100 s are up: Ctrl-C ended it.
            Deadline.await(Tmux.WAIT, "no sleep 100 left on the server", () -> remoteSleep().isEmpty());

            atPrompt(tmux).type("ls " + dir.resolve("files") + "/completion-ta");
            tmux.press("Tab");
            tmux.await("Tab completing the remote directory", s -> s.contains("files/completion-target-dir/"));
            tmux.press("C-u");

            atPrompt(tmux).line("echo recall-me");
            tmux.await("the echo", s -> s.contains("\nrecall-me\n"));
            atPrompt(tmux).press("Up");
            tmux.await("Up recalling the last command", s -> lastLine(s).endsWith("]# echo recall-me")
                    || lastLine(s).endsWith("]$ echo recall-me"));
            tmux.press("C-u");

            atPrompt(tmux).line("exit");
            assertEquals("0", awaitStatus(status, tmux));
        }
        assertTrue(Files.readString(home.resolve(".rshell/history")).contains("echo recall-me"), "history kept in ~/.rshell/history");
    }

    /** Waits, as a person would, until the REPL shows an empty prompt, so that nothing is typed ahead. */
    private static Tmux atPrompt(Tmux tmux) {
        tmux.await("an empty prompt", s -> lastLine(s).endsWith("]#") || lastLine(s).endsWith("]$"));
        return tmux;
    }

    private static String lastLine(String screen) {
        String[] lines = screen.strip().split("\n");
        return lines[lines.length - 1].stripTrailing();
    }

    /** A `sleep 100` started by this JVM's server (other builds on the machine may run their own). */
    private static Optional<ProcessHandle> remoteSleep() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.endsWith("sleep 100")).orElse(false))
                .findFirst();
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
