package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fabric's Connection runs commands (exit codes and stderr included) and moves files with put and get. */
@Timeout(90)
class FabricTest extends ServerPerClass {

    @Test
    void connectionRunPutAndGet() throws Exception {
        Files.writeString(server.file("/fabric-down.txt"), "served to fabric\n");
        JsonNode facts = server.python("fabric_client.py", "run_put_get").facts();
        assertEquals("fabric on Linux\n", facts.path("stdout").asText());
        assertEquals(0, facts.path("exited").asInt(-1));
        assertTrue(facts.path("ok").asBoolean());
        assertEquals(7, facts.path("failed_exited").asInt(-1));
        assertEquals("before-failing\n", facts.path("failed_stderr").asText());
        assertFalse(facts.path("failed_ok").asBoolean());
        assertEquals("put by fabric\n", Files.readString(server.file("/fabric-up.txt")));
        assertEquals("served to fabric\n", facts.path("downloaded").asText());
    }
}
