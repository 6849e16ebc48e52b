package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code rshelld fingerprint}: what an operator hands out is what the running server presents. */
class FingerprintCommandTest {

    @Test
    void printsTheSshAndRspsFingerprintsOfTheRunningServer() throws Exception {
        try (EmbeddedRshelld server = EmbeddedRshelld.start()) {
            Path state = server.stateDir();
            StringWriter out = new StringWriter();
            var cli = Rshelld.commandLine();
            cli.setOut(new PrintWriter(out));
            int code = cli.execute("fingerprint", "--state-dir", state.toString());
            String text = out.toString();
            assertEquals(0, code, text);
            assertTrue(text.contains("ssh   " + server.hostKeyFingerprint() + "  " + state.resolve("ssh_host_ed25519_key")), text);
            assertTrue(text.contains("rsps  " + server.rspsFingerprint() + " (ECDSA P-256)  " + state.resolve("rsps_key.pem")), text);
        }
    }
}
