package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.remoteshell.server.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sftp and scp (SFTP-based and legacy -O): by default on the real file system with relative paths in the
 * server user's home, as with OpenSSH; with an SFTP root, confined to it. And their audit lines.
 */
@Timeout(120)
class SshFileTransferTest {

    private static final Path HOME = Path.of(System.getProperty("user.home"));

    @TempDir
    static Path dir;
    static Path root;
    /** Confined to {@link #root}. */
    static SshFixture f;
    /** The default configuration: no SFTP root. */
    static SshFixture plain;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        f = SshFixture.start(dir.resolve("server"), c -> c.withSsh(c.ssh().withSftpRoot(root)));
        plain = SshFixture.start(dir.resolve("plain-server"), c -> c);
    }

    @AfterAll
    static void stop() {
        f.close();
        plain.close();
    }

    @Test
    void byDefaultSftpStartsInHomeAndAbsolutePathsAreReal() throws Exception {
        byte[] data = randomBytes(64 * 1024 + 5);
        Path local = Files.write(dir.resolve("plain-local.bin"), data);
        Path absolute = Files.createDirectories(dir.resolve("abs")).resolve("sftp-abs.bin");
        Path relative = HOME.resolve(uniqueName("sftp-rel"));
        try {
            String batch = String.join("\n", "pwd", "put " + local + " " + absolute, "put " + local + " " + relative.getFileName(), "");
            SshTools.Result r = SshTools.run(sftp(plain, "-b", "-"), batch.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("Remote working directory: " + HOME.toRealPath()), r.out());
            assertArrayEquals(data, Files.readAllBytes(absolute));
            assertArrayEquals(data, Files.readAllBytes(relative));
        } finally {
            Files.deleteIfExists(relative);
        }
    }

    @Test
    void byDefaultScpWritesAbsolutePathsThereAndRelativeOnesInHome() throws Exception {
        for (boolean legacy : List.of(false, true)) {
            byte[] data = randomBytes(128 * 1024 + (legacy ? 1 : 2));
            String mode = legacy ? "legacy" : "sftp";
            Path local = Files.write(dir.resolve(uniqueName("scp-" + mode)), data);
            Path absolute = Files.createDirectories(dir.resolve("abs")).resolve("scp-" + mode + ".bin");
            Path named = HOME.resolve(uniqueName("scp-rel-" + mode));
            Path unnamed = HOME.resolve(local.getFileName());
            try {
                for (String target : List.of(absolute.toString(), named.getFileName().toString(), "")) {
                    SshTools.Result up = SshTools.run(scp(plain, legacy, local.toString(), SshFixture.USER + "@127.0.0.1:" + target),
                            (byte[]) null, Duration.ofSeconds(60));
                    assertEquals(0, up.exit(), "scp to \"" + target + "\": " + up);
                }
                assertArrayEquals(data, Files.readAllBytes(absolute), mode + " scp to an absolute path");
                assertArrayEquals(data, Files.readAllBytes(named), mode + " scp to a relative path");
                assertArrayEquals(data, Files.readAllBytes(unnamed), mode + " scp to host:");
                Path back = dir.resolve("back-" + named.getFileName());
                SshTools.Result down = SshTools.run(scp(plain, legacy, SshFixture.USER + "@127.0.0.1:" + named.getFileName(),
                        back.toString()), (byte[]) null, Duration.ofSeconds(60));
                assertEquals(0, down.exit(), down.toString());
                assertArrayEquals(data, Files.readAllBytes(back));
            } finally {
                Files.deleteIfExists(named);
                Files.deleteIfExists(unnamed);
            }
        }
    }

    @Test
    void sftpBatchPutLsRenameGetRm() throws Exception {
        byte[] data = randomBytes(3 * 1024 * 1024 + 17);
        Path local = Files.write(dir.resolve("local.bin"), data);
        Path back = dir.resolve("back.bin");
        String batch = String.join("\n", "put " + local + " up.bin", "ls -l", "rename up.bin moved.bin", "get moved.bin " + back,
                "rm moved.bin", "ls", "") ;
        SshTools.Result r = SshTools.run(sftp("-b", "-"), batch.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("up.bin"), r.out());
        assertArrayEquals(data, Files.readAllBytes(back));
        assertFalse(Files.exists(root.resolve("up.bin")));
        assertFalse(Files.exists(root.resolve("moved.bin")));
        Await.until(Duration.ofSeconds(5), () -> f.sshAudit().stream().anyMatch(e -> e.path("kind").asText().equals("sftp")
                && e.path("bytes_in").asLong() == data.length && e.path("bytes_out").asLong() == data.length), "the sftp audit line");
    }

    @Test
    void sftpIsConfinedToTheRoot() throws Exception {
        Files.writeString(root.resolve("inside.txt"), "inside\n");
        SshTools.Result r = SshTools.run(sftp("-b", "-"), "ls /\nls ../..\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("inside.txt"), r.out());
        SshTools.Result escape = SshTools.run(sftp("-b", "-"), ("get /etc/hostname " + dir.resolve("x")).getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(60));
        assertNotEquals(0, escape.exit(), escape.toString());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void scpCopiesBothWaysOverSftpAndTheLegacyProtocol() throws Exception {
        for (boolean legacy : List.of(false, true)) {
            byte[] data = randomBytes(1024 * 1024 + 3);
            String name = legacy ? "legacy.bin" : "sftp.bin";
            Path local = Files.write(dir.resolve("up-" + name), data);
            SshTools.Result up = SshTools.run(scp(legacy, local.toString(), SshFixture.USER + "@127.0.0.1:" + name), (byte[]) null,
                    Duration.ofSeconds(60));
            assertEquals(0, up.exit(), up.toString());
            assertArrayEquals(data, Files.readAllBytes(root.resolve(name)));
            Path back = dir.resolve("down-" + name);
            SshTools.Result down = SshTools.run(scp(legacy, SshFixture.USER + "@127.0.0.1:" + name, back.toString()), (byte[]) null,
                    Duration.ofSeconds(60));
            assertEquals(0, down.exit(), down.toString());
            assertArrayEquals(data, Files.readAllBytes(back));
        }
        Await.until(Duration.ofSeconds(5), () -> f.sshAudit().stream().filter(e -> e.path("kind").asText().equals("scp")).count() >= 2,
                "audit lines of the two legacy scp sessions");
        List<JsonNode> scp = f.sshAudit().stream().filter(e -> e.path("kind").asText().equals("scp")).toList();
        assertTrue(scp.stream().anyMatch(e -> e.path("command").asText().startsWith("scp -t") && e.path("code").asInt() == 0), scp.toString());
        assertTrue(scp.stream().anyMatch(e -> e.path("command").asText().startsWith("scp -f") && e.path("code").asInt() == 0), scp.toString());
    }

    @Test
    void aLinkOutOfTheRootIsNeverFollowedBySftpOrScp() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "secret\n");
        Files.createSymbolicLink(root.resolve("out"), Path.of("/")); // as a command or an unpacked archive could leave it
        String viaLink = "/out" + outside.toRealPath(); // what SFTP calls outside/ through the link
        Path upload = Files.writeString(dir.resolve("upload.txt"), "upload\n");
        Path got = dir.resolve("got.txt");

        List<String> refusedBatches = List.of(
                "get " + viaLink + "/secret.txt " + got,
                "put " + upload + " " + viaLink + "/put.txt",
                "ln " + viaLink + "/secret.txt hard.txt",
                "rename " + viaLink + "/secret.txt /renamed.txt",
                "cd /out");
        for (String batch : refusedBatches) {
            SshTools.Result r = SshTools.run(sftp("-b", "-"), (batch + "\n").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
            assertNotEquals(0, r.exit(), "sftp " + batch + ": " + r);
        }
        SshTools.Result ls = SshTools.run(sftp("-b", "-"), ("ls " + viaLink + "\n").getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(60));
        assertFalse(ls.out().contains("secret.txt"), "sftp ls through the link: " + ls);
        for (boolean legacy : List.of(false, true)) {
            SshTools.Result down = SshTools.run(scp(legacy, SshFixture.USER + "@127.0.0.1:" + viaLink + "/secret.txt", got.toString()),
                    (byte[]) null, Duration.ofSeconds(60));
            assertNotEquals(0, down.exit(), (legacy ? "scp -O" : "scp") + " from outside: " + down);
            SshTools.Result up = SshTools.run(scp(legacy, upload.toString(), SshFixture.USER + "@127.0.0.1:" + viaLink + "/scp-put.txt"),
                    (byte[]) null, Duration.ofSeconds(60));
            assertNotEquals(0, up.exit(), (legacy ? "scp -O" : "scp") + " to outside: " + up);
        }
        assertFalse(Files.exists(got));
        assertFalse(Files.exists(outside.resolve("put.txt")));
        assertFalse(Files.exists(outside.resolve("scp-put.txt")));
        assertFalse(Files.exists(root.resolve("hard.txt")));
        assertFalse(Files.exists(root.resolve("renamed.txt")));
        assertEquals("secret\n", Files.readString(secret));

        // The link itself can still be seen and removed, and a link that stays inside still works.
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/inner.txt"), "inner\n");
        Files.createSymbolicLink(root.resolve("inside-link"), root.resolve("sub"));
        Path inner = dir.resolve("inner.txt");
        SshTools.Result ok = SshTools.run(sftp("-b", "-"), ("ls -l /\nget /inside-link/inner.txt " + inner + "\nrm /out\n")
                .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("out ->") || ok.out().contains("out"), ok.out());
        assertEquals("inner\n", Files.readString(inner));
        assertFalse(Files.exists(root.resolve("out"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> sftp(String... args) {
        return sftp(f, args);
    }

    private static List<String> sftp(SshFixture f, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sftp"));
        cmd.addAll(f.options(f.key));
        cmd.addAll(List.of("-P", Integer.toString(f.port())));
        cmd.addAll(List.of(args));
        cmd.add(SshFixture.USER + "@127.0.0.1");
        return cmd;
    }

    private static List<String> scp(boolean legacy, String from, String to) {
        return scp(f, legacy, from, to);
    }

    private static List<String> scp(SshFixture f, boolean legacy, String from, String to) {
        List<String> cmd = new ArrayList<>(List.of("scp"));
        if (legacy) {
            cmd.add("-O");
        }
        cmd.addAll(f.options(f.key));
        cmd.addAll(List.of("-P", Integer.toString(f.port()), from, to));
        return cmd;
    }

    /** A name no other run uses, for files the tests must put into the real home (and delete). */
    private static String uniqueName(String prefix) {
        return ".rshell-test-" + prefix + "-" + UUID.randomUUID();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
