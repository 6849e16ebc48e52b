package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server closes connections idle for {@link #IDLE} (an hour by default; short here so the test
 * meets it): paramiko's keepalives keep a connection through several such periods, and the same
 * connection without them is really dropped, so the first test cannot pass by accident.
 */
@Timeout(60)
class ParamikoKeepAliveTest {

    static final Duration IDLE = Duration.ofSeconds(2);

    @TempDir
    static Path dir;
    static CompatServer server;

    @BeforeAll
    static void start() {
        server = CompatServer.start(dir, IDLE);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String idleSeconds() {
        return Double.toString(IDLE.toMillis() / 1000.0);
    }

    @Test
    void setKeepaliveKeepsAnIdleConnectionAcrossThreeIdleTimeouts() {
        JsonNode facts = server.python("paramiko_keepalive.py", "idle_with_keepalive", idleSeconds()).facts();
        assertTrue(facts.path("alive").asBoolean(), facts.toString());
        assertTrue(facts.path("alive_after_s").asDouble() >= 3 * IDLE.toSeconds() - 0.1, facts.toString());
        assertEquals("still-connected\n", facts.path("output").asText());
    }

    @Test
    void withoutKeepaliveTheIdleConnectionIsDropped() {
        JsonNode facts = server.python("paramiko_keepalive.py", "idle_without_keepalive", idleSeconds()).facts();
        assertFalse(facts.path("alive").asBoolean(), facts.toString());
        assertTrue(facts.path("dropped_after_s").asDouble() >= IDLE.toSeconds() - 0.1, facts.toString());
    }
}
