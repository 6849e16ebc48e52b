package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract says a standard-library Python client written from docs/PROTOCOL.md alone must work:
 * this runs the one in examples/python, unchanged, against a real server, for everything it does.
 */
@Timeout(120)
class RspPythonClientTest extends ServerPerClass {

    static final int BIG = 30_000_000;

    @Test
    void execKeepsStdoutAndStderrApartAndExitsWithTheRemoteCode() {
        ClientRun.Result r = server.rspClient(null, null, "exec", "echo hi; echo oops >&2; exit 3");
        assertEquals("hi\n", r.stdout());
        assertEquals("oops\n", r.stderr());
        assertEquals(3, r.exit());
    }

    @Test
    void execStreamsMoreThanOneFrameOfOutput() {
        ClientRun.Result r = server.rspClient(null, null, "exec", "head -c 300000 /dev/zero | tr '\\0' x").assertSucceeded();
        assertEquals("x".repeat(300000), r.stdout());
    }

    @Test
    void execStreamsThirtyMegabytesOfOutputIntact() throws Exception {
        String sha = Payloads.write(server.file("/rsp-big-output.bin"), BIG, 30);
        Path received = dir.resolve("rsp-received.bin");
        server.rspClient(null, received, "exec", "cat " + server.file("/rsp-big-output.bin")).assertSucceeded();
        assertEquals(BIG, Files.size(received));
        assertEquals(sha, Payloads.sha256(received));
    }

    @Test
    void execForwardsStdinUntilItsEnd() throws Exception {
        byte[] input = new byte[5 * 1024 * 1024 + 17];
        new Random(5).nextBytes(input);
        Path expected = dir.resolve("rsp-stdin-expected.bin");
        Files.write(expected, input);
        ClientRun.Result r = server.rspClient(input, null, "exec", "sha256sum; echo input-ended").assertSucceeded();
        assertEquals(Payloads.sha256(expected) + "  -\ninput-ended\n", r.stdout());
    }

    @Test
    void getDownloadsAFileIntactWithItsMode() throws Exception {
        Path remote = server.file("/rsp-get.bin");
        String sha = Payloads.write(remote, BIG, 31);
        Files.setPosixFilePermissions(remote, PosixFilePermissions.fromString("rw-r-----"));
        Path local = dir.resolve("rsp-got.bin");
        server.rspClient(null, null, "get", remote.toString(), local.toString()).assertSucceeded();
        assertEquals(sha, Payloads.sha256(local));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)));
    }

    @Test
    void getOfAMissingFileFailsWithNotFoundAndWritesNothing() throws Exception {
        Path local = dir.resolve("never-written.bin");
        ClientRun.Result r = server.rspClient(null, null, "get", server.file("/no-such-file").toString(), local.toString());
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("NOT_FOUND"), r.toString());
        assertFalse(Files.exists(local));
        try (var leftovers = Files.list(dir)) {
            assertFalse(leftovers.anyMatch(p -> p.getFileName().toString().startsWith(".rsp-get-")), "a temporary file was left behind");
        }
    }

    @Test
    void putUploadsAFileIntactWithItsMode() throws Exception {
        Path local = dir.resolve("rsp-put.bin");
        String sha = Payloads.write(local, BIG, 32);
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwxr-x---"));
        Path remote = server.file("/rsp-put.bin");
        server.rspClient(null, null, "put", local.toString(), remote.toString()).assertSucceeded();
        assertEquals(sha, Payloads.sha256(remote));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));
    }

    @Test
    void aWrongTokenIsRefusedWithAuthFailed() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-token"), "00".repeat(32) + "\n");
        ClientRun.Result r = server.rspClient(wrong, null, null, "exec", "true");
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("AUTH_FAILED"), r.toString());
    }
}
