package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More than paramiko's 2 MiB channel window in both directions over exec_command, checked by SHA-256:
 * flow control has to work in both directions for these to finish at all.
 */
@Timeout(180)
class ParamikoBulkDataTest extends ServerPerClass {

    static final int OUTPUT_BYTES = 50_000_000;
    static final int INPUT_BYTES = 12 * 1024 * 1024;

    @Test
    void fiftyMegabytesOfOutputArriveIntact() {
        Path big = server.file("/big-output.bin");
        String sha = Payloads.write(big, OUTPUT_BYTES, 50);
        JsonNode facts = server.python("paramiko_bulk.py", "big_output", big.toString()).facts();
        assertEquals(OUTPUT_BYTES, facts.path("bytes").asLong());
        assertEquals(sha, facts.path("sha256").asText());
        assertEquals(0, facts.path("status").asInt(-1));
        System.out.printf("paramiko: 50 MB of exec output at %.1f MB/s%n", facts.path("mb_per_s").asDouble());
    }

    @Test
    void inputLargerThanTheWindowReachesTheCommandIntact() throws Exception {
        Path stored = server.file("/big-input.bin");
        JsonNode facts = server.python("paramiko_bulk.py", "big_input", stored.toString(), Integer.toString(INPUT_BYTES)).facts();
        assertEquals(0, facts.path("status").asInt(-1));
        assertEquals(INPUT_BYTES, Files.size(stored));
        assertEquals(facts.path("local_sha256").asText(), Payloads.sha256(stored));
        assertEquals(facts.path("local_sha256").asText(), facts.path("remote_sha256").asText());
    }
}
