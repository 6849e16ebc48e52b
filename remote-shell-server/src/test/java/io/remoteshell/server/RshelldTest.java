package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rshelld command as an operator runs it: a separate JVM, its stderr, its exit status. */
@Timeout(60)
class RshelldTest {


    @TempDir
    Path state;

    private static Process rshelld(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(Jvm.command(Rshelld.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private static String run(Process p) throws Exception {
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void runsUntilSigtermThenStopsItsCommandsAndExitsZero() throws Exception {
        Daemon d = Daemon.start(List.of(), "--no-ssh", "--no-rsps", "--rsp-port", "0", "--state-dir", state.toString());
        Process daemon = d.process;
        try {
            int port = d.rspPort;
            assertTrue(port > 0, "listening line with the real port");
            String user = System.getProperty("user.name");
            String created = "created user " + user + "; connect with: bin/rshell rsp://" + user + "@127.0.0.1:" + port;
            try {
                Await.until(Duration.ofSeconds(60), () -> d.log().contains(created), "the first start telling how to connect");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + created + "; the daemon logged:\n" + d.log(), e);
            }
            Path token = state.resolve("users").resolve(user).resolve("token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));

            long pid;
            try (RspTestClient c = RspTestClient.connect(port)) {
                c.auth(user, Files.readString(token));
                assertEquals(FrameType.AUTH_OK, c.next().type());
                c.sendJson(FrameType.EXEC, 1, Messages.Exec.command("sleep 300"));
                pid = c.next().as(Messages.Started.class).pid();
                daemon.destroy(); // SIGTERM
                RspTestClient.Result r = c.collect(List.of(1)).get(1);
                assertEquals("TERM", r.exit.signal());
            }
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue());
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "no process left after SIGTERM");
        } finally {
            daemon.destroyForcibly();
        }
    }

    /** Started from a script's background (or nohup), the JVM inherits SIGINT ignored; its commands must not. */
    @Test
    void commandsGetDefaultSignalsEvenWhenTheDaemonIgnoresInt() throws Exception {
        Daemon d = Daemon.startThrough(List.of("/bin/sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh"), List.of(),
                "--no-ssh", "--no-rsps", "--rsp-port", "0", "--state-dir", state.toString());
        Process daemon = d.process;
        try {
            int port = d.rspPort;
            assertTrue(port > 0, "listening line with the real port");
            Matcher ignored = Pattern.compile("SigIgn:\\s+(\\p{XDigit}+)")
                    .matcher(Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "status")));
            assertTrue(ignored.find());
            long sigint = 1L << (2 - 1);
            assertEquals(sigint, Long.parseUnsignedLong(ignored.group(1), 16) & sigint,
                    "the daemon itself runs with INT ignored, as under nohup (the JVM keeps an inherited SIG_IGN for INT)");
            String user = System.getProperty("user.name");
            try (RspTestClient c = RspTestClient.connect(port)) {
                c.auth(user, Files.readString(state.resolve("users").resolve(user).resolve("token")));
                assertEquals(FrameType.AUTH_OK, c.next().type());
                String status = c.exec(1, Messages.Exec.command("grep SigIgn /proc/self/status")).out();
                Matcher commandIgnores = Pattern.compile("SigIgn:\\s+(\\p{XDigit}+)").matcher(status);
                assertTrue(commandIgnores.find(), status);
                // Signals 1-31 are the ones people send; 32 and up are the C library's own.
                assertEquals(0, Long.parseUnsignedLong(commandIgnores.group(1), 16) & ((1L << 31) - 1),
                        "the command starts with no standard signal ignored: " + status);
                c.sendJson(FrameType.EXEC, 2, Messages.Exec.argv(List.of("sleep", "300")));
                c.next().as(Messages.Started.class);
                c.sendJson(FrameType.SIGNAL, 2, new Messages.Signal("INT"));
                assertEquals("INT", c.collect(List.of(2)).get(2).exit.signal());
            }
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void portInUseIsOneClearLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process p = rshelld("--no-ssh", "--no-rsps", "--rsp-port", String.valueOf(taken.getLocalPort()), "--state-dir", state.toString());
            String out = run(p);
            assertNotEquals(0, p.exitValue());
            assertTrue(out.contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), out);
            assertFalse(out.contains("\tat "), "no stack trace: " + out);
        }
    }

    @Test
    void badOptionsAreOneClearLine() throws Exception {
        for (String[] args : List.of(new String[] {"--rsp-port", "x"}, new String[] {"--rsp-port", "70000"}, new String[] {"--nope"})) {
            Process p = rshelld(args);
            String out = run(p);
            assertNotEquals(0, p.exitValue(), out);
            assertEquals(1, out.strip().lines().count(), "one line: " + out);
            assertTrue(out.startsWith("rshelld: "), out);
        }
    }

    @Test
    void userAddCreatesAUserAndRefusesBadOrExistingNames() throws Exception {
        Process p = rshelld("user", "add", "alice", "--state-dir", state.toString());
        String out = run(p);
        assertEquals(0, p.exitValue(), out);
        Path token = state.resolve("users/alice/token");
        assertTrue(out.contains(token.toString()), out);
        assertTrue(Files.readString(token).matches("[0-9a-f]{64}\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));

        Process again = rshelld("user", "add", "alice", "--state-dir", state.toString());
        String againOut = run(again);
        assertNotEquals(0, again.exitValue());
        assertTrue(againOut.contains("already exists"), againOut);

        Process bad = rshelld("user", "add", "Bad/Name", "--state-dir", state.toString());
        String badOut = run(bad);
        assertNotEquals(0, bad.exitValue());
        assertTrue(badOut.contains("invalid user name"), badOut);
        assertFalse(Files.exists(state.resolve("users/Bad")));
    }

    @Test
    void aRestartRightAfterAStopGetsThePortBack() throws Exception {
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().ssh(false).rsps(false).start()) {
            int port = server.rspPort();
            try (RspTestClient c = RspTestClient.login(server)) {
                assertEquals(0, c.exec(1, Messages.Exec.command("true")).exit.code());
            }
            server.restart();
            assertEquals(port, server.rspPort());
            try (RspTestClient c = RspTestClient.login(server)) {
                assertEquals(0, c.exec(1, Messages.Exec.command("true")).exit.code());
            }
        }
    }
}
