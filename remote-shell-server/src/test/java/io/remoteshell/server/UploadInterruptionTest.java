package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** However an upload ends early, it leaves nothing behind; a server killed in the middle of one cleans up at its next start. */
@Timeout(90)
class UploadInterruptionTest {

    @TempDir
    Path dir;

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean hasPart(Path d) {
        try {
            return names(d).stream().anyMatch(n -> n.startsWith(".f.") && n.endsWith(".rshell-part"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aServerKilledMidPutLeavesOnlyItsTempFileWhichTheNextStartRemoves() throws Exception {
        Path state = dir.resolve("state");
        Path target = Files.createDirectories(dir.resolve("files"));
        String user = System.getProperty("user.name");
        try (Daemon d = Daemon.start(List.of(), "--no-ssh", "--no-rsps", "--rsp-port", "0", "--state-dir", state.toString())) {
            try (RspTestClient c = RspTestClient.connect(d.rspPort)) {
                c.auth(user, Files.readString(state.resolve("users").resolve(user).resolve("token")));
                assertEquals(FrameType.AUTH_OK, c.next().type());
                c.sendJson(FrameType.PUT, 1, new Messages.Put(target.resolve("f").toString(), 1L << 20, null));
                c.send(new Frame(FrameType.DATA, 1, new byte[4096]));
                Await.until(Duration.ofSeconds(20), () -> hasPart(target), "the upload's temporary file");
                d.kill();
            }
        }
        List<String> left = names(target);
        assertEquals(1, left.size(), "only the temporary file: " + left);
        assertTrue(left.get(0).matches("\\.f\\.\\d+\\.rshell-part"), left.get(0));
        Path bystander = Files.writeString(target.resolve(".g.1.rshell-part-not"), "someone else's");
        // The same state directory, as a restarted daemon finds it (EmbeddedRshelld keeps state in DIR/state).
        try (EmbeddedRshelld again = EmbeddedRshelld.builder().ssh(false).rsps(false).directory(dir).start()) {
            assertEquals(List.of(bystander.getFileName().toString()), names(target), "removed before listening, and nothing else");
        }
    }

    @Test
    void aDroppedConnectionOrABadChecksumLeavesNothing() throws Exception {
        Path target = Files.createDirectories(dir.resolve("files"));
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().ssh(false).rsps(false).directory(dir).start()) {
            try (RspTestClient c = RspTestClient.login(server)) {
                c.sendJson(FrameType.PUT, 1, new Messages.Put(target.resolve("f").toString(), 1L << 20, null));
                c.send(new Frame(FrameType.DATA, 1, new byte[4096]));
                Await.until(Duration.ofSeconds(20), () -> hasPart(target), "the upload's temporary file");
            }
            Await.until(Duration.ofSeconds(10), () -> !hasPart(target), "the dropped upload's temporary file removed");
            try (RspTestClient c = RspTestClient.login(server)) {
                c.sendJson(FrameType.PUT, 2, new Messages.Put(target.resolve("f").toString(), 3L, null));
                c.send(new Frame(FrameType.DATA, 2, new byte[] {1, 2, 3}));
                // Before END: the connection's other requests are not held up by the upload's disk writes.
                assertEquals("ok\n", c.exec(3, Messages.Exec.command("echo ok")).out());
                c.sendJson(FrameType.END, 2, new Messages.End("00".repeat(32)));
                assertEquals("CHECKSUM_MISMATCH", c.expectError(2).code());
            }
            assertEquals(List.of(), names(target));
            assertFalse(hasPart(target));
            assertEquals(List.of(), names(dir.resolve("state").resolve("incoming")), "no record left either");
        }
    }
}
