package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OpenSSH's ssh, sftp and scp in a row, as a user types them (the per-tool tests belong to the server module). */
@Timeout(120)
class OpenSshRoundTripTest extends ServerPerClass {

    @Test
    void sshThenSftpThenScpBothProtocolsKeepEveryByte() throws Exception {
        Path work = Files.createDirectory(dir.resolve("round-trip"));
        ClientRun.Result r = server.program(List.of("bash", CompatServer.SHELL_SCRIPTS.resolve("openssh_round_trip.sh").toString(),
                Integer.toString(server.rshelld.sshPort()), CompatServer.USER, server.ed25519Key.toString(),
                server.knownHosts.toString(), work.toString(), server.files.toString()), Duration.ofSeconds(100)).assertSucceeded();
        assertTrue(r.stdout().startsWith("ssh: hello from Linux as "), r.toString());
        String sha = Payloads.sha256(work.resolve("upload.bin"));
        assertTrue(r.stdout().endsWith("round trip ok: " + sha + "\n"), r.toString());
        assertEquals(sha, Payloads.sha256(server.file("/round-trip/upload.bin")));
        assertEquals(sha, Payloads.sha256(work.resolve("via-scp.bin")));
        assertEquals(sha, Payloads.sha256(server.file("/round-trip/via-legacy-scp.bin")));
    }
}
