package io.remoteshell.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each message the issue quoted, now naming the problem and the fix: one line, no Java class name, 255 for every
 * connection problem (2 for a command line that cannot be read).
 */
@Timeout(180)
class ErrorMessagesTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension server = TestServer.extension().rsps(false).build();

    private static RshellCliTest.Run rshell(Map<String, String> env, String... args) throws Exception {
        Path home = dir.resolve("home");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HOME", home.toString());
        return RshellCliTest.rshellWithHome(home, new byte[0], all, args);
    }

    private static void assertOneCleanLine(RshellCliTest.Run r) {
        String err = r.stderr();
        assertTrue(err.startsWith("rshell: ") && err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
                "one line on stderr: " + err);
        assertFalse(err.matches("(?s).*[A-Z][a-z]+(Exception|Error)\\b.*"), "no Java class name: " + err);
    }

    @Test
    void aSchemeWithOneSlash() throws Exception {
        // Before: "address ssh://rsp/127.0.0.1 has a path".
        RshellCliTest.Run r = rshell(Map.of(), "rsp:/127.0.0.1", "true");
        assertEquals(2, r.exit());
        assertOneCleanLine(r);
        assertEquals("rshell: bad TARGET rsp:/127.0.0.1: a URI needs two slashes after rsp: write rsp://127.0.0.1\n", r.stderr());
    }

    @Test
    void aPortOutOfRange() throws Exception {
        // Before: a Java stack trace and exit 1.
        RshellCliTest.Run r = rshell(Map.of(), "rsp://alice@127.0.0.1:99999", "true");
        assertEquals(2, r.exit());
        assertOneCleanLine(r);
        assertTrue(r.stderr().contains("port 99999 is out of range: a port is 1 to 65535"), r.stderr());
        RshellCliTest.Run p = rshell(Map.of(), "-p", "0", "alice@127.0.0.1", "true");
        assertEquals(2, p.exit());
        assertTrue(p.stderr().contains("port 0 is out of range"), p.stderr());
    }

    @Test
    void sshToTheRspPortAndRspToTheSshPort() throws Exception {
        // Before: "authentication … failed (Session is closed)".
        RshellCliTest.Run ssh = rshell(Map.of(), "ssh://alice@127.0.0.1:" + server.rspPort(), "true");
        assertEquals(255, ssh.exit());
        assertOneCleanLine(ssh);
        assertEquals("rshell: 127.0.0.1:" + server.rspPort() + " is an RSP/1 port, not SSH: use rsp://alice@127.0.0.1:"
                + server.rspPort() + "\n", ssh.stderr());

        RshellCliTest.Run rsp = rshell(Map.of("RSHELL_TOKEN", "x"), "rsp://alice@127.0.0.1:" + server.sshPort(), "true");
        assertEquals(255, rsp.exit());
        assertOneCleanLine(rsp);
        assertEquals("rshell: 127.0.0.1:" + server.sshPort() + " is an SSH port, not RSP/1: use ssh://alice@127.0.0.1:"
                + server.sshPort() + "\n", rsp.stderr());
    }

    @Test
    void aMissingKeyFileAndNoOtherWayIn() throws Exception {
        // Before: "Failed (IllegalArgumentException) to execute: Unexpected AuthenticationException…".
        RshellCliTest.Run r = rshell(Map.of(), "-i", "/nonexistent", "--accept-new", server.sshUri().toString(), "true");
        assertEquals(255, r.exit());
        String[] lines = r.stderr().split("\n");
        assertEquals("rshell: warning: identity file /nonexistent not accessible: no such file", lines[0]);
        assertEquals(2, lines.length, r.stderr());
        assertTrue(lines[1].startsWith("rshell: authentication as alice at 127.0.0.1:" + server.sshPort() + " failed: "), lines[1]);
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void aWrongTokenSaysWhereItCameFrom() throws Exception {
        // Before: "authentication failed: authentication failed: …", and not a word about RSHELL_TOKEN.
        RshellCliTest.Run r = rshell(Map.of("RSHELL_TOKEN", "f".repeat(64)), server.rspUri().toString(), "true");
        assertEquals(255, r.exit());
        assertOneCleanLine(r);
        assertFalse(r.stderr().contains("authentication failed: authentication failed"), r.stderr());
        assertTrue(r.stderr().contains("the token came from $RSHELL_TOKEN"), r.stderr());
    }

    @Test
    void getIntoAMissingLocalDirectory() throws Exception {
        Path remote = Files.writeString(dir.resolve("remote.txt"), "x");
        String token = Files.readString(server.tokenFile()).strip();
        // Before: "NoSuchFileException: …/.x.13202140622726275462.part".
        RshellCliTest.Run r = rshell(Map.of("RSHELL_TOKEN", token), "get", server.rspUri().toString(), remote.toString(),
                dir.resolve("missing/x").toString());
        assertEquals(1, r.exit());
        assertOneCleanLine(r);
        assertTrue(r.stderr().contains(dir.resolve("missing") + ": no such local directory"), r.stderr());
        assertFalse(r.stderr().contains(".part"), r.stderr());

        // Before: "missing/" silently became a file named "missing".
        RshellCliTest.Run slash = rshell(Map.of("RSHELL_TOKEN", token), "get", server.rspUri().toString(), remote.toString(),
                dir.resolve("missing") + "/");
        assertEquals(1, slash.exit());
        assertOneCleanLine(slash);
        assertTrue(slash.stderr().contains("missing/: no such directory"), slash.stderr());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void putIntoADirectoryKeepsTheName() throws Exception {
        String token = Files.readString(server.tokenFile()).strip();
        Path local = Files.writeString(dir.resolve("up.txt"), "into a directory\n");
        Path into = Files.createDirectory(dir.resolve("remote-dir"));
        // Before: refused, while get into a directory worked.
        RshellCliTest.Run r = rshell(Map.of("RSHELL_TOKEN", token), "put", server.rspUri().toString(), local.toString(), into.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("into a directory\n", Files.readString(into.resolve("up.txt")));
    }
}
