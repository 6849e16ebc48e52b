package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** get and put against a real server: checksummed, atomic, with progress. */
@Timeout(60)
class FileTransferTest {

    @RegisterExtension
    static RshelldExtension server = RshelldExtension.builder().ssh(false).rsps(false).build();
    @TempDir
    Path dir;
    Session session;

    @BeforeEach
    void connect(Session rsp) {
        session = rsp;
    }

    /** Records every callback, as a progress bar would see them. */
    static final class Recorder implements TransferListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile long last = -1;

        @Override
        public void started(long totalBytes) {
            events.add("started " + totalBytes);
        }

        @Override
        public void progressed(long bytesSoFar) {
            if (bytesSoFar < last) {
                throw new AssertionError("progress went backwards");
            }
            last = bytesSoFar;
        }

        @Override
        public void finished(long totalBytes) {
            events.add("finished " + totalBytes);
        }
    }

    @Test
    void putThenGetRoundTrip() throws IOException {
        byte[] data = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(data);
        Path local = Files.write(dir.resolve("upload.bin"), data);
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwxr-x---"));
        Path remote = Files.createDirectories(dir.resolve("remote")).resolve("copy.bin");

        Recorder up = new Recorder();
        session.put(local, remote.toString(), up);
        assertEquals(List.of("started " + data.length, "finished " + data.length), up.events);
        assertEquals(data.length, up.last);
        assertArrayEquals(data, Files.readAllBytes(remote));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)), "mode travels with PUT");

        Path back = dir.resolve("back.bin");
        Files.writeString(back, "old contents are replaced");
        Recorder down = new Recorder();
        session.get(remote.toString(), back, down);
        assertEquals(List.of("started " + data.length, "finished " + data.length), down.events);
        assertEquals(data.length, down.last);
        assertArrayEquals(data, Files.readAllBytes(back));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(back)), "mode travels with FILE");
        assertNoPartFiles();
    }

    @Test
    void emptyFileRoundTrip() throws IOException {
        Path local = Files.createFile(dir.resolve("empty"));
        Path remote = dir.resolve("empty-remote");
        session.put(local, remote.toString());
        session.get(remote.toString(), dir.resolve("empty-back"));
        assertEquals(0, Files.size(dir.resolve("empty-back")));
    }

    @Test
    void getOfAMissingFileIsNotFoundAndLeavesNothing() throws IOException {
        Path target = dir.resolve("never.txt");
        RemoteErrorException e = assertThrows(RemoteErrorException.class,
                () -> session.get(dir.resolve("no-such-file").toString(), target));
        assertEquals("NOT_FOUND", e.code());
        assertFalse(Files.exists(target));
        assertNoPartFiles();
        assertEquals("ok\n", session.exec("echo ok").stdoutText(), "the session survives a failed request");
    }

    @Test
    void putIntoAMissingDirectoryIsARemoteError() throws IOException {
        Path local = Files.writeString(dir.resolve("small.txt"), "hello");
        RemoteErrorException e = assertThrows(RemoteErrorException.class,
                () -> session.put(local, dir.resolve("missing/dir/small.txt").toString()));
        assertFalse(e.remoteMessage().isBlank(), e.toString());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    private void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }
}
