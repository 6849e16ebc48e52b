package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.server.EmbeddedRshelld;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who gets in over SSH, and what the server shows of itself: keys, passwords, key options, forwarding, host key, algorithms. */
@Timeout(120)
class SshAuthTest {

    @TempDir
    static Path dir;
    static SshFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SshFixture.start(dir, c -> c);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void theRightKeyGetsInAnotherKeyDoesNot() {
        assertEquals("in\n", f.run("echo in").out());
        Path other = SshTools.keygen(dir, "other_key");
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(f.options(other));
        cmd.addAll(List.of("-p", Integer.toString(f.port()), SshFixture.USER + "@127.0.0.1", "echo in"));
        SshTools.Result r = SshTools.run(cmd, (byte[]) null, Duration.ofSeconds(30));
        assertEquals(255, r.exit(), r.toString());
        assertTrue(r.stderr().contains("Permission denied (publickey,password)"), r.stderr());
    }

    @Test
    void anUnknownUserIsRefused() {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(f.options(f.key));
        cmd.addAll(List.of("-p", Integer.toString(f.port()), "mallory@127.0.0.1", "echo in"));
        SshTools.Result r = SshTools.run(cmd, (byte[]) null, Duration.ofSeconds(30));
        assertEquals(255, r.exit(), r.toString());
        assertTrue(r.stderr().contains("Permission denied"), r.stderr());
    }

    @Test
    void passwordsSetWithUserPasswdWorkAndWrongOnesDoNot() throws Exception {
        SshTools.Result set = rshelld("s3cret pass phrase\n", "user", "passwd", SshFixture.USER, "--state-dir", f.state.toString());
        assertEquals(0, set.exit(), set.toString());
        Path hash = f.server.users().passwordFile(SshFixture.USER);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hash)));
        assertTrue(Files.readString(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), Files.readString(hash));
        assertFalse(Files.readString(hash).contains("s3cret"));

        SshTools.Result in = SshTools.run(sshpass("s3cret pass phrase", f.port(), "echo by password"), (byte[]) null,
                Duration.ofSeconds(30));
        assertEquals(0, in.exit(), in.toString());
        assertEquals("by password\n", in.out());
        SshTools.Result wrong = SshTools.run(sshpass("wrong", f.port(), "echo by password"), (byte[]) null, Duration.ofSeconds(30));
        assertEquals(255, wrong.exit(), wrong.toString());
        assertTrue(wrong.stderr().contains("Permission denied"), wrong.stderr());
        assertEquals("", wrong.out());
    }

    @Test
    void userPasswdRefusesAnEmptyPasswordAndAnUnknownUser() {
        SshTools.Result empty = rshelld("\n", "user", "passwd", SshFixture.USER, "--state-dir", f.state.toString());
        assertEquals(1, empty.exit(), empty.toString());
        assertTrue(empty.stderr().contains("empty password"), empty.stderr());
        SshTools.Result unknown = rshelld("pw\n", "user", "passwd", "nobody", "--state-dir", f.state.toString());
        assertEquals(1, unknown.exit(), unknown.toString());
        assertTrue(unknown.stderr().contains("no user \"nobody\""), unknown.stderr());
    }

    @Test
    void fromRestrictsWhereAKeyMayBeUsed() {
        try {
            f.authorize("from=\"10.0.0.0/8,192.168.*\" " + f.publicKey() + "\n");
            assertEquals(255, f.run("echo in").exit());
            f.authorize("from=\"*,!127.0.0.1\" " + f.publicKey() + "\n");
            assertEquals(255, f.run("echo in").exit());
            f.authorize("from=\"10.1.2.3,127.0.0.0/8\" " + f.publicKey() + "\n");
            assertEquals("in\n", f.run("echo in").out());
            f.authorize("from=\"127.0.0.?\" " + f.publicKey() + "\n");
            assertEquals("in\n", f.run("echo in").out());
        } finally {
            f.authorize(f.publicKey() + "\n");
        }
    }

    @Test
    void commandReplacesWhatTheClientAsksFor() {
        try {
            f.authorize("command=\"echo forced: $SSH_ORIGINAL_COMMAND\" " + f.publicKey() + "\n");
            SshTools.Result r = f.run("echo asked");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("forced: echo asked\n", r.out());
            SshTools.Result shell = SshTools.run(f.ssh("-T"), "echo not run\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
            assertEquals("forced:\n", shell.out(), shell.toString());
        } finally {
            f.authorize(f.publicKey() + "\n");
        }
    }

    @Test
    void forwardingIsRefusedByDefault() {
        SshTools.Result remote = f.run("-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9", "echo forwarded");
        assertEquals(255, remote.exit(), remote.toString());
        assertTrue(remote.stderr().contains("remote port forwarding failed"), remote.stderr());
        SshTools.Result direct = f.run("-W", "127.0.0.1:" + f.server.rspPort());
        assertEquals(255, direct.exit(), direct.toString());
        assertTrue(direct.stderr().contains("open failed"), direct.stderr());
    }

    @Test
    void openSshJumpsThroughAnRshelldStartedWithAllowForwarding() throws Exception {
        try (SshFixture jump = SshFixture.start(dir.resolve("jump"), c -> c.withSsh(c.ssh().withAllowForwarding(true)))) {
            // OpenSSH's ssh for the jump host reads only -F: everything both logins need is in the file.
            Path config = Files.writeString(dir.resolve("jump-config"), String.join("\n",
                    "Host *",
                    "    User " + SshFixture.USER,
                    "    IdentityFile " + jump.key,
                    "    IdentityFile " + f.key,
                    "    IdentitiesOnly yes",
                    "    UserKnownHostsFile " + dir.resolve("jump-known-hosts"),
                    "    StrictHostKeyChecking accept-new",
                    "    BatchMode yes",
                    ""));
            SshTools.Result r = SshTools.run(List.of("ssh", "-F", config.toString(), "-J", "127.0.0.1:" + jump.port(),
                    "-p", Integer.toString(f.port()), "127.0.0.1", "echo jumped"), (byte[]) null, Duration.ofSeconds(60));
            assertEquals(0, r.exit(), r.toString());
            assertEquals("jumped\n", r.out());
        }
    }

    @Test
    void passwordsCanBeTurnedOff() throws Exception {
        try (SshFixture keysOnly = SshFixture.start(dir.resolve("keys-only"), c -> c.withSsh(c.ssh().withPasswordAuth(false)))) {
            keysOnly.server.users().setPassword(SshFixture.USER, "pw".toCharArray());
            SshTools.Result r = SshTools.run(sshpass("pw", keysOnly.port(), "echo in"), (byte[]) null, Duration.ofSeconds(30));
            assertEquals(255, r.exit(), r.toString());
            assertTrue(r.stderr().contains("Permission denied (publickey)"), r.stderr());
        }
    }

    @Test
    void theHostKeyIsPrivateStableAndPrintedAsSshKeygenShowsIt() throws Exception {
        try (EmbeddedRshelld s = EmbeddedRshelld.builder().rsp(false).rsps(false).start()) {
            String first = s.hostKeyFingerprint();
            Path file = s.stateDir().resolve("ssh_host_ed25519_key");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            byte[] key = Files.readAllBytes(file);
            SshTools.Result keygen = SshTools.run(List.of("ssh-keygen", "-lf", file.toString()), (byte[]) null, Duration.ofSeconds(30));
            // ssh-keygen adds the key's comment before the type: "256 SHA256:... rshelld host key (ED25519)".
            String[] printed = first.split(" ");
            assertTrue(keygen.out().startsWith(printed[0] + " " + printed[1] + " "), keygen + " vs " + first);
            assertTrue(keygen.out().strip().endsWith(printed[2]), keygen + " vs " + first);
            s.restart();
            assertEquals(first, s.hostKeyFingerprint());
            assertArrayEquals(key, Files.readAllBytes(file));
        }
    }

    @Test
    void sshAuditFindsNoFailures() {
        SshTools.Result r = SshTools.run(List.of("ssh-audit", "-n", "-p", Integer.toString(f.port()), "127.0.0.1"), (byte[]) null,
                Duration.ofSeconds(60));
        // ssh-audit exits 0 when all is good, 2 for warnings only (here: algorithms newer than its list), 3 for failures.
        assertTrue(r.exit() == 0 || r.exit() == 2, r.toString());
        assertFalse(r.out().contains("[fail]"), r.out());
        assertTrue(r.out().contains("(key) ssh-ed25519"), r.out());
        assertTrue(r.out().contains("kex-strict-s-v00@openssh.com"), r.out());
        assertFalse(r.out().matches("(?s).*\\((enc|mac|kex)\\) [^\\n]*(cbc|sha1|nistp)[^\\n]*\\n.*"), r.out());
    }

    @Test
    void paramikoCompatibleAlgorithmsStayAvailable() {
        // paramiko 2.12 has neither chacha20 nor GCM: aes-ctr with hmac-sha2 (also etm) and curve25519 must work.
        for (String mac : List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512")) {
            SshTools.Result r = f.run("-c", "aes128-ctr", "-o", "MACs=" + mac, "-o", "KexAlgorithms=curve25519-sha256@libssh.org",
                    "echo ok");
            assertEquals("ok\n", r.out(), r.toString());
        }
        SshTools.Result sha1 = f.run("-o", "MACs=hmac-sha1", "-c", "aes128-ctr", "echo ok");
        assertNotEquals(0, sha1.exit(), sha1.toString());
        assertTrue(sha1.stderr().contains("no matching MAC found"), sha1.stderr());
    }

    private static List<String> sshpass(String password, int port, String command) {
        List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", password, "ssh", "-F", "/dev/null",
                "-o", "UserKnownHostsFile=" + f.knownHosts, "-o", "StrictHostKeyChecking=accept-new",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1",
                "-p", Integer.toString(port), SshFixture.USER + "@127.0.0.1", command));
        return cmd;
    }

    /** The real rshelld command line in a JVM of its own, so its stdin is a pipe as in a script. */
    private static SshTools.Result rshelld(String stdin, String... args) {
        List<String> cmd = new ArrayList<>(io.remoteshell.server.Jvm.command("io.remoteshell.server.Rshelld"));
        cmd.addAll(List.of(args));
        return SshTools.run(cmd, stdin.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
    }
}
