package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot rshell and rshell get/put over rsps://, as a user runs them (HOME in a temp dir). */
class RspsCliTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension server = TestServer.extension().ssh(false).build();
    static String target;
    static String tokenFile;

    @BeforeAll
    static void prepare() throws IOException {
        target = server.rspsUri().toString();
        tokenFile = server.tokenFile().toString();
    }

    private static Path home(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    private static RshellCliTest.Run rshell(Path home, String... args) throws Exception {
        return RshellCliTest.rshellWithHome(home, new byte[0], Map.of(), args);
    }

    @Test
    void acceptNewPinsTheServerThenTheSameHomeConnectsWithoutIt() throws Exception {
        Path home = home("home-accept");
        RshellCliTest.Run first = rshell(home, "--token-file", tokenFile, "--accept-new", target, "echo", "first-$((1+1))");
        assertEquals(0, first.exit(), first.stderr());
        assertEquals("first-2\n", first.out());
        String pins = Files.readString(home.resolve(".rshell/known_hosts"));
        assertEquals("[127.0.0.1]:" + server.rspsPort() + " " + server.rspsFingerprint() + "\n", pins);
        RshellCliTest.Run again = rshell(home, "--token-file", tokenFile, target, "echo", "again");
        assertEquals(0, again.exit(), again.stderr());
        assertEquals("again\n", again.out());
    }

    @Test
    void anUnknownServerWithNobodyToAskIsRefusedWithItsFingerprint() throws Exception {
        Path home = home("home-unknown");
        RshellCliTest.Run r = rshell(home, "--token-file", tokenFile, target, "true");
        assertEquals(255, r.exit());
        assertTrue(r.stderr().contains(server.rspsFingerprint()) && r.stderr().contains("--accept-new"), r.stderr());
        assertFalse(Files.exists(home.resolve(".rshell/known_hosts")));
    }

    @Test
    void aChangedKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path home = home("home-changed");
        Files.createDirectories(home.resolve(".rshell"));
        String old = "SHA256:" + "B".repeat(43);
        Files.writeString(home.resolve(".rshell/known_hosts"), "[127.0.0.1]:" + server.rspsPort() + " " + old + "\n");
        RshellCliTest.Run r = rshell(home, "--token-file", tokenFile, "--accept-new", target, "echo", "never");
        assertEquals(255, r.exit());
        assertFalse(r.out().contains("never"));
        assertTrue(r.stderr().contains("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!"), r.stderr());
        assertTrue(r.stderr().contains(server.rspsFingerprint()) && r.stderr().contains(old), r.stderr());
    }

    @Test
    void getAndPutOverRspsAreSha256Checked() throws Exception {
        Path home = home("home-files");
        byte[] data = new byte[2 * 1024 * 1024 + 5];
        new Random(9).nextBytes(data);
        Path local = Files.write(home.resolve("up.bin"), data);
        Path remote = dir.resolve("remote-up.bin");
        RshellCliTest.Run put = rshell(home, "put", "--token-file", tokenFile, "--accept-new", target, local.toString(), remote.toString());
        assertEquals(0, put.exit(), put.stderr());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String expected = HexFormat.of().formatHex(sha.digest(data));
        assertEquals(expected, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(remote))));
        Path back = home.resolve("back.bin");
        RshellCliTest.Run get = rshell(home, "get", "--token-file", tokenFile, target, remote.toString(), back.toString());
        assertEquals(0, get.exit(), get.stderr());
        assertEquals(expected, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(back))));
    }
}
