package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The documented UDP probe, spoken by examples/python/udp_probe.py (the standard library, and Python's
 * {@code cryptography} for Ed25519): a client written from docs/PROTOCOL.md alone gets a reply whose signature
 * verifies with the SSH host key in known_hosts.
 */
@Timeout(60)
class UdpProbePythonTest extends ServerPerClass {

    static final Path UDP_PROBE = CompatServer.RSP_CLIENT.resolveSibling("udp_probe.py");

    @Test
    void thePythonExampleVerifiesTheReplyWithTheKnownHostKey() {
        ClientRun.Result r = server.program(List.of(ClientTools.PYTHON, UDP_PROBE.toString(), "127.0.0.1",
                Integer.toString(server.rshelld.rspPort()), "--known-hosts", server.knownHosts.toString(), "--dump"),
                Duration.ofSeconds(30)).assertSucceeded();
        assertTrue(r.stdout().contains("port.ssh=" + server.rshelld.sshPort() + "\n"), r.toString());
        assertTrue(r.stdout().endsWith("signature: verified (ssh-ed25519)\n"), r.toString());
    }
}
