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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** sftp and scp (SFTP-based and legacy -O) against the SFTP root, and their audit lines. */
@Timeout(120)
class SshFileTransferTest {

    @TempDir
    static Path dir;
    static Path root;
    static SshFixture f;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        f = SshFixture.start(dir.resolve("server"), c -> c.withSsh(c.ssh().withSftpRoot(root)));
    }

    @AfterAll
    static void stop() {
        f.close();
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

    private static List<String> sftp(String... args) {
        List<String> cmd = new ArrayList<>(List.of("sftp"));
        cmd.addAll(f.options(f.key));
        cmd.addAll(List.of("-P", Integer.toString(f.port())));
        cmd.addAll(List.of(args));
        cmd.add(SshFixture.USER + "@127.0.0.1");
        return cmd;
    }

    private static List<String> scp(boolean legacy, String from, String to) {
        List<String> cmd = new ArrayList<>(List.of("scp"));
        if (legacy) {
            cmd.add("-O");
        }
        cmd.addAll(f.options(f.key));
        cmd.addAll(List.of("-P", Integer.toString(f.port()), from, to));
        return cmd;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
