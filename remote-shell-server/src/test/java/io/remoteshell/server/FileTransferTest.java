package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileTransferTest {

    static EmbeddedRshelld server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().ssh(false).rsps(false).authFailureDelay(Duration.ofMillis(10)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    static void sendData(RspTestClient c, int id, byte[] data) throws IOException {
        for (int off = 0; off < data.length; off += Limits.MAX_CHUNK) {
            c.writer.write(FrameType.DATA, id, data, off, Math.min(Limits.MAX_CHUNK, data.length - off));
        }
    }

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putThenGetRoundTripsBytesChecksumAndMode() throws Exception {
        byte[] data = random(300_000);
        Path target = dir.resolve("data.bin");
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(target.toString(), (long) data.length, "0640"));
            sendData(c, 1, data);
            c.sendJson(FrameType.END, 1, new Messages.End(sha256(data)));
            Frame end = c.next();
            assertEquals(FrameType.END, end.type(), () -> new String(end.payload()));
            assertEquals(sha256(data), end.as(Messages.End.class).sha256());
            assertArrayEquals(data, Files.readAllBytes(target));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
            assertEquals(List.of("data.bin"), names(dir), "no temporary file left");

            c.sendJson(FrameType.GET, 2, new Messages.Get(target.toString()));
            Frame file = c.next();
            assertEquals(FrameType.FILE, file.type());
            Messages.FileInfo info = file.as(Messages.FileInfo.class);
            assertEquals(data.length, info.size());
            assertEquals("0640", info.mode());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Frame f;
            while ((f = c.next()).type() == FrameType.DATA) {
                assertTrue(f.payload().length <= Limits.MAX_CHUNK);
                got.writeBytes(f.payload());
            }
            assertEquals(FrameType.END, f.type());
            assertEquals(sha256(data), f.as(Messages.End.class).sha256());
            assertArrayEquals(data, got.toByteArray());
        }
    }

    /**
     * A windowed PUT is granted more room in WINDOWs of at least half the per-request limit, not one per DATA frame
     * written: each WINDOW wakes the client, and small ones made a put wait on the server about 12 times per MB.
     */
    @Test
    void windowedPutIsGrantedInBatchesOfAtLeastHalfThePerRequestLimit() throws Exception {
        byte[] data = random(4 << 20);
        long batch = ServerLimits.defaults().maxPendingInput() / 2;
        Path target = dir.resolve("batched.bin");
        try (RspTestClient c = RspTestClient.loginWithWindow(server)) {
            long credit = c.hello.window();
            c.sendJson(FrameType.PUT, 1, new Messages.Put(target.toString(), (long) data.length, null));
            int windows = 0;
            for (int off = 0; off < data.length; ) {
                if (credit == 0) {
                    Frame f = c.next();
                    assertEquals(FrameType.WINDOW, f.type(), () -> new String(f.payload()));
                    long more = f.as(Messages.Window.class).bytes();
                    assertTrue(more >= batch, "a WINDOW of " + more + " bytes, below " + batch);
                    credit += more;
                    windows++;
                    continue;
                }
                int n = (int) Math.min(Math.min(credit, Limits.MAX_CHUNK), data.length - off);
                c.writer.write(FrameType.DATA, 1, data, off, n);
                off += n;
                credit -= n;
            }
            c.sendJson(FrameType.END, 1, new Messages.End(sha256(data)));
            Frame f;
            while ((f = c.next()).type() == FrameType.WINDOW) {
                assertTrue(f.as(Messages.Window.class).bytes() >= batch, f.toString());
            }
            Frame end = f;
            assertEquals(FrameType.END, end.type(), () -> new String(end.payload()));
            assertArrayEquals(data, Files.readAllBytes(target));
            assertTrue(windows <= data.length / batch + 1, windows + " WINDOWs for " + data.length + " bytes");
        }
    }

    @Test
    void putReplacesAnExistingFileAndEmptyFilesWork() throws Exception {
        Path target = Files.writeString(dir.resolve("old.txt"), "old content");
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(target.toString(), 0L, null));
            c.sendJson(FrameType.END, 1, new Messages.End(sha256(new byte[0])));
            assertEquals(FrameType.END, c.next().type());
            assertEquals(0, Files.size(target));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        }
    }

    @Test
    void relativePathsAreRelativeToTheServerUsersHome() throws Exception {
        String name = ".rshell-test-" + UUID.randomUUID();
        Path inHome = Path.of(System.getProperty("user.home")).resolve(name);
        byte[] data = "in home\n".getBytes();
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(name, (long) data.length, "0600"));
            sendData(c, 1, data);
            c.sendJson(FrameType.END, 1, new Messages.End(sha256(data)));
            assertEquals(FrameType.END, c.next().type());
            assertArrayEquals(data, Files.readAllBytes(inHome));
        } finally {
            Files.deleteIfExists(inHome);
        }
    }

    @Test
    void getOfMissingOrNonRegularIsNotFound() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.GET, 1, new Messages.Get(dir.resolve("missing").toString()));
            Messages.Error e = c.expectError(1);
            assertEquals("NOT_FOUND", e.code());
            assertTrue(e.message().contains("missing"), e.message());
            c.sendJson(FrameType.GET, 2, new Messages.Get(dir.toString()));
            assertEquals("NOT_FOUND", c.expectError(2).code());
        }
    }

    @Test
    void wrongChecksumLeavesNothing() throws Exception {
        byte[] data = random(100_000);
        Path target = dir.resolve("bad-sum");
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(target.toString(), (long) data.length, "0644"));
            sendData(c, 1, data);
            c.sendJson(FrameType.END, 1, new Messages.End("00".repeat(32)));
            Messages.Error e = c.expectError(1);
            assertEquals("CHECKSUM_MISMATCH", e.code());
            assertTrue(e.message().contains(sha256(data)), e.message());
            assertEquals(List.of(), names(dir));
        }
    }

    @Test
    void shortDataLeavesNothing() throws Exception {
        byte[] data = random(1000);
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(dir.resolve("short").toString(), 2000L, "0644"));
            sendData(c, 1, data);
            c.sendJson(FrameType.END, 1, new Messages.End(sha256(data)));
            Messages.Error e = c.expectError(1);
            assertEquals("SIZE_MISMATCH", e.code());
            assertTrue(e.message().contains("1000 of the announced 2000"), e.message());
            assertEquals(List.of(), names(dir));
        }
    }

    @Test
    void tooMuchDataIsRefusedAtOnceAndLeavesNothing() throws Exception {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(dir.resolve("long").toString(), 10L, "0644"));
            c.send(new Frame(FrameType.DATA, 1, new byte[11]));
            assertEquals("SIZE_MISMATCH", c.expectError(1).code());
            assertEquals(List.of(), names(dir));
            // The rest of the client's upload crossed the ERROR and is dropped without another ERROR.
            c.send(new Frame(FrameType.DATA, 1, new byte[5]));
            c.sendJson(FrameType.END, 1, new Messages.End("00"));
            c.send(Frame.of(FrameType.PING, 0));
            assertEquals(FrameType.PONG, c.next().type());
        }
    }

    @Test
    void disconnectMidPutLeavesNothing() throws Exception {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(dir.resolve("cut").toString(), 1_000_000L, "0644"));
            c.send(new Frame(FrameType.DATA, 1, new byte[5000]));
            c.send(Frame.of(FrameType.PING, 0));
            assertEquals(FrameType.PONG, c.next().type());
            assertEquals(1, names(dir).size(), "the temporary file exists while the upload runs");
            assertTrue(names(dir).get(0).startsWith(".cut."), names(dir).toString());
        }
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                return names(dir).isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, "temporary file deleted after the disconnect");
    }

    @Test
    void putIntoAMissingDirectoryNamesIt() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            Path missing = dir.resolve("no/such");
            c.sendJson(FrameType.PUT, 1, new Messages.Put(missing.resolve("f").toString(), 1L, "0644"));
            Messages.Error e = c.expectError(1);
            assertEquals("IO_ERROR", e.code());
            assertTrue(e.message().contains("no such directory: " + missing), e.message());
            c.sendJson(FrameType.PUT, 2, new Messages.Put(dir.resolve("f").toString(), 1L, "4755"));
            assertEquals("BAD_FRAME", c.expectError(2).code());
            c.sendJson(FrameType.PUT, 3, new Messages.Put(dir.resolve("f").toString(), null, null));
            assertEquals("BAD_FRAME", c.expectError(3).code());
            assertFalse(Files.exists(dir.resolve("f")));
        }
    }

    @Test
    void aFileThatCannotFitIsRefusedBeforeAnyDataAndLeavesNothing() throws Exception {
        long usable = Files.getFileStore(dir).getUsableSpace();
        long size = usable + 1024L * 1024 * 1024;
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.PUT, 1, new Messages.Put(dir.resolve("huge").toString(), size, "0644"));
            Messages.Error e = c.expectError(1);
            assertEquals("IO_ERROR", e.code());
            assertTrue(e.message().contains("not enough space in " + dir + ": the file needs " + size + " bytes"), e.message());
            // Other writers share the file system, so the reported free space is checked loosely.
            long reported = Long.parseLong(e.message().replaceAll(".* bytes, (\\d+) are available.*", "$1"));
            assertTrue(reported < size, e.message());
            assertEquals(List.of(), names(dir));
        }
    }
}
