package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** examples/python/rsp_client.py over rsps://: the standard ssl module, the pinned fingerprint, the bound mac. */
class RspsPythonClientTest extends ServerPerClass {

    private static String pin() {
        return server.rshelld.rspsFingerprint();
    }

    @Test
    void execOverTlsWithThePinnedKey() {
        ClientRun.Result r = server.rspsClient(pin(), null, null, "exec", "echo hi; echo oops >&2; exit 3");
        assertEquals("hi\n", r.stdout());
        assertTrue(r.stderr().contains("oops"), r.toString());
        assertEquals(3, r.exit());
    }

    @Test
    void execForwardsStdinAndStreamsOutputInOneThread() throws Exception {
        byte[] input = new byte[5 * 1024 * 1024 + 17];
        new Random(6).nextBytes(input);
        Path expected = Files.write(dir.resolve("rsps-stdin-expected.bin"), input);
        // cat echoes the input back while more is still being sent: both directions at once over one TLS socket.
        Path echoed = dir.resolve("rsps-echoed.bin");
        server.rspsClient(pin(), input, echoed, "exec", "tee /dev/null").assertSucceeded();
        assertEquals(Payloads.sha256(expected), Payloads.sha256(echoed));
    }

    @Test
    void getAndPutArriveIntact() throws Exception {
        Path local = dir.resolve("rsps-put.bin");
        String sha = Payloads.write(local, 3_000_000, 41);
        Path remote = server.file("/rsps-put.bin");
        server.rspsClient(pin(), null, null, "put", local.toString(), remote.toString()).assertSucceeded();
        assertEquals(sha, Payloads.sha256(remote));
        Path back = dir.resolve("rsps-back.bin");
        server.rspsClient(pin(), null, null, "get", remote.toString(), back.toString()).assertSucceeded();
        assertEquals(sha, Payloads.sha256(back));
    }

    @Test
    void anotherFingerprintIsRefusedSayingWhatChanged() {
        String other = "SHA256:" + "C".repeat(43);
        ClientRun.Result r = server.rspsClient(other, null, null, "exec", "echo never");
        assertEquals(1, r.exit());
        assertFalse(r.stdout().contains("never"));
        assertTrue(r.stderr().contains("REMOTE HOST IDENTIFICATION HAS CHANGED") && r.stderr().contains(pin())
                && r.stderr().contains(other), r.toString());
    }

    @Test
    void noFingerprintIsRefusedNamingTheFix() {
        ClientRun.Result r = server.rspsClient(null, null, null, "exec", "true");
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("--fingerprint") && r.stderr().contains("rshelld fingerprint"), r.toString());
    }
}
