package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One paramiko connection carries many channels: in a row, at once from threads, and an interactive shell. */
@Timeout(120)
class ParamikoChannelsTest extends ServerPerClass {

    @Test
    void hundredSequentialExecCommandsOnOneConnection() {
        JsonNode facts = server.python("paramiko_exec.py", "sequential_100").facts();
        assertEquals(100, facts.path("commands").asInt());
        assertEquals(0, facts.path("wrong").size(), facts.toString());
        System.out.printf("paramiko: %.1f ms per exec_command on one connection%n", facts.path("ms_per_exec").asDouble());
    }

    @Test
    void eightConcurrentChannelsFromThreadsRunAtOnce() throws Exception {
        JsonNode facts = server.python("paramiko_exec.py", "concurrent_8").facts();
        for (int i = 0; i < 8; i++) {
            JsonNode r = facts.path("results").path(Integer.toString(i));
            assertEquals("done-" + i + "\n", r.path("stdout").asText(), facts.toString());
            assertEquals(0, r.path("status").asInt(-1), facts.toString());
        }
        try (var marks = Files.list(Path.of(facts.path("barrier").asText()))) {
            assertEquals(8, marks.count());
        }
    }

    @Test
    void anEleventhSessionIsRefusedWithAReasonAndTheOthersGoOn() {
        JsonNode facts = server.python("paramiko_exec.py", "eleven_sessions").facts();
        JsonNode refused = facts.path("refused");
        // SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, as OpenSSH's sshd; paramiko shows its own text for the code, not
        // the server's (SshExecTest checks that the reason is in it).
        assertEquals(1, refused.path("code").asInt(), facts.toString());
        assertEquals("after-one-closed\n", facts.path("after").asText(), facts.toString());
        assertEquals(0, facts.path("after_status").asInt(-1), facts.toString());
        assertEquals(9, facts.path("held_statuses").size(), facts.toString());
        facts.path("held_statuses").forEach(s -> assertEquals(0, s.asInt(-1), facts.toString()));
    }

    @Test
    void invokeShellRunsCommandsAndExitThreeGivesStatusThree() {
        JsonNode facts = server.python("paramiko_exec.py", "invoke_shell").facts();
        assertTrue(facts.path("saw_marker").asBoolean(), facts.toString());
        assertEquals(3, facts.path("status").asInt(-1));
    }
}
