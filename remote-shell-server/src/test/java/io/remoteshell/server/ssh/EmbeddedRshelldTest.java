package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Messages;
import io.remoteshell.server.EmbeddedRshelld;
import io.remoteshell.server.RspTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server as a test author meets it: what it sets up, that real clients get in, and what close removes. */
@Timeout(120)
class EmbeddedRshelldTest {

    @Test
    void defaultsGiveBothFrontEndsAUserWithTokenAndKeyAndACleanUp() throws Exception {
        SshTools.require();
        Path dir;
        try (EmbeddedRshelld server = EmbeddedRshelld.start()) {
            dir = server.directory();
            assertEquals(EmbeddedRshelld.DEFAULT_USER, server.user());
            assertTrue(server.rspPort() > 0 && server.sshPort() > 0);
            assertNotEquals(server.rspPort(), server.sshPort());
            assertTrue(server.rspsPort() > 0 && server.rspsFingerprint().startsWith("SHA256:"), "rsps is served too");
            assertTrue(server.token().matches("[0-9a-f]{64}"), "a 256-bit token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.tokenFile())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.privateKey())));
            assertEquals("rsp://tester@127.0.0.1:" + server.rspPort(), server.rspUri().toString());

            try (RspTestClient c = RspTestClient.login(server)) {
                assertEquals("via rsp\n", c.exec(1, Messages.Exec.command("echo via rsp")).out());
            }
            // OpenSSH, checking the host key strictly against the known_hosts the server wrote.
            SshTools.Result r = SshTools.run(server.sshCommand("echo", "via", "ssh"), (byte[]) null, Duration.ofSeconds(60));
            assertEquals(0, r.exit(), r.toString());
            assertEquals("via ssh\n", r.out());
            assertTrue(server.hostKeyFingerprint().startsWith("256 SHA256:"));
        }
        assertFalse(Files.exists(dir), "close deletes the server's directory " + dir);
    }

    @Test
    void usersPasswordsGivenKeysAndOptions(@TempDir Path tmp) throws Exception {
        SshTools.require();
        Path given = SshTools.keygen(tmp, "given");
        Path root = Files.createDirectory(tmp.resolve("root"));
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().user("alice").password("bob", "s3cret!")
                .authorizedKey("bob", Path.of(given + ".pub")).sftpRoot(root).acceptEnv("EMBEDDED_TEST_VAR").start()) {
            assertEquals(List.of("alice", "bob"), server.users());
            assertEquals("alice", server.user());
            List<String> asAlice = server.sshCommand();
            List<String> cmd = new ArrayList<>(asAlice.subList(0, asAlice.size() - 1));
            cmd.set(cmd.indexOf(server.privateKey().toString()), given.toString());
            cmd.addAll(List.of("-o", "SendEnv=EMBEDDED_TEST_VAR", "bob@127.0.0.1", "printf '%s' \"$EMBEDDED_TEST_VAR\""));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("EMBEDDED_TEST_VAR", "accepted");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
            assertEquals("accepted", out, "bob logs in with the given key, and the env allow-list holds");

            SshTools.Result pw = SshTools.run(List.of("sshpass", "-p", "s3cret!", "ssh", "-F", "/dev/null",
                    "-o", "UserKnownHostsFile=" + server.knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "PubkeyAuthentication=no",
                    "-p", Integer.toString(server.sshPort()), "bob@127.0.0.1", "echo", "password"), (byte[]) null, Duration.ofSeconds(60));
            assertEquals("password\n", pw.out(), pw.toString());
            List<String> sftp = new ArrayList<>(List.of("sftp", "-b", "-", "-P", Integer.toString(server.sshPort())));
            sftp.addAll(asAlice.subList(1, asAlice.indexOf("-p")));
            sftp.add("alice@127.0.0.1");
            SshTools.Result put = SshTools.run(sftp, ("put " + given + ".pub /copied.pub\n").getBytes(), Duration.ofSeconds(60));
            assertEquals(0, put.exit(), put.toString());
            assertTrue(Files.exists(root.resolve("copied.pub")), "SFTP is confined to the sftp root");
        }
    }

    @Test
    void fileHelpersResolveUnderFilesAndNameWhatIsMissing() throws Exception {
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().ssh(false).start()) {
            Path written = server.writeFile("sub/a.txt", "hello");
            assertEquals(server.files().resolve("sub/a.txt"), written);
            try (RspTestClient c = RspTestClient.login(server)) {
                assertEquals("hello", c.exec(1, Messages.Exec.command("cat " + written)).out());
                c.exec(2, Messages.Exec.command("echo made > " + server.file("sub/b.txt")));
            }
            assertEquals("made\n", server.readFile("sub/b.txt"));
            AssertionError missing = assertThrows(AssertionError.class, () -> server.assertFileExists("sub/c.txt"));
            assertTrue(missing.getMessage().contains("sub/c.txt") && missing.getMessage().contains("[a.txt, b.txt]"), missing.getMessage());
            assertThrows(IllegalStateException.class, server::knownHosts, "no known_hosts without SSH");
        }
    }

    @Test
    void commandsStillRunningAreNamedAndKilled() throws Exception {
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().ssh(false).start();
             RspTestClient c = RspTestClient.login(server)) {
            c.exec(1, Messages.Exec.command("true"));
            long mark = server.commandsStarted();
            assertEquals(List.of(), server.commandsStillRunning(0, Duration.ofSeconds(5)), "a finished command is not a leftover");
            c.sendJson(io.remoteshell.protocol.FrameType.EXEC, 2, Messages.Exec.command("sleep 300"));
            assertEquals(io.remoteshell.protocol.FrameType.STARTED, c.next().type());
            List<String> left = server.commandsStillRunning(mark, Duration.ofMillis(200));
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.get(0).startsWith("\"sleep 300\" (pid "), left.get(0));
            assertEquals(List.of(), server.commandsStillRunning(mark, Duration.ofSeconds(10)), "it was killed");
        }
    }

    @Test
    void restartKeepsPortsUsersAndKeys() throws Exception {
        try (EmbeddedRshelld server = EmbeddedRshelld.start()) {
            int rsp = server.rspPort();
            int ssh = server.sshPort();
            String token = server.token();
            String fingerprint = server.hostKeyFingerprint();
            server.stop();
            assertFalse(server.isRunning());
            assertThrows(IllegalStateException.class, server::rspPort);
            server.restart();
            assertEquals(rsp, server.rspPort());
            assertEquals(ssh, server.sshPort());
            assertEquals(token, server.token());
            assertEquals(fingerprint, server.hostKeyFingerprint());
            try (RspTestClient c = RspTestClient.login(server)) {
                assertEquals(0, c.exec(1, Messages.Exec.command("true")).exit.code());
            }
        }
    }
}
