package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** asyncssh (asyncio) checks the host key from known_hosts, runs commands and uses SFTP. */
@Timeout(90)
class AsyncsshTest extends ServerPerClass {

    @Test
    void connectRunExitStatusStdinAndSftp() throws Exception {
        Files.writeString(server.file("/async-down.txt"), "served to asyncssh\n");
        JsonNode facts = server.python("asyncssh_client.py", "run_and_sftp").facts();
        assertEquals("hello from Linux\n", facts.path("stdout").asText());
        assertEquals("to-err\n", facts.path("stderr").asText());
        assertEquals(0, facts.path("status").asInt(-1));
        assertEquals(44, facts.path("failed_status").asInt(-1));
        assertEquals("ASYNCIO STDIN\n", facts.path("stdin_echo").asText());
        assertEquals("put by asyncssh\n", Files.readString(server.file("/async-up.txt")));
        assertEquals("served to asyncssh\n", facts.path("downloaded").asText());
        assertTrue(ClientRun.texts(facts.path("listing")).contains("async-up.txt"), facts.toString());
    }

    /** asyncssh's chacha20-poly1305 (python-cryptography's ChaCha20 and Poly1305) against the server's JDK-based one. */
    @Test
    void chacha20Poly1305CarriesMegabytesBothWaysIntact() throws Exception {
        JsonNode facts = server.python("asyncssh_client.py", "chacha20_echo").facts();
        assertEquals("chacha20-poly1305@openssh.com", facts.path("send_cipher").asText(), facts.toString());
        assertEquals("chacha20-poly1305@openssh.com", facts.path("recv_cipher").asText(), facts.toString());
        assertEquals(0, facts.path("status").asInt(-1), facts.toString());
        assertEquals(8 << 20, facts.path("echoed_bytes").asInt(), facts.toString());
        assertEquals(facts.path("sent_sha256").asText(), facts.path("echoed_sha256").asText());
    }
}
