package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** paramiko's exec_command gets what a script expects from OpenSSH's sshd. */
@Timeout(120)
class ParamikoExecTest extends ServerPerClass {

    private static JsonNode run(String scenario) {
        return server.python("paramiko_exec.py", scenario).facts();
    }

    @Test
    void stdoutReadReturnsTheWholeOutput() {
        JsonNode facts = run("read");
        assertEquals("hello\nworld\n", facts.path("stdout").asText());
        assertEquals(0, facts.path("status").asInt());
    }

    @Test
    void stdoutReadlinesReturnsTheLines() {
        assertEquals(List.of("one\n", "two\n", "three\n"), ClientRun.texts(run("readlines").path("lines")));
    }

    @Test
    void stderrIsKeptApartFromStdout() {
        JsonNode facts = run("stderr_apart");
        assertEquals("to-out\nmore-out\n", facts.path("stdout").asText());
        assertEquals("to-err\n", facts.path("stderr").asText());
    }

    @Test
    void recvExitStatusGivesZeroOneAndFortyFour() {
        JsonNode facts = run("exit_statuses");
        assertEquals(0, facts.path("true").asInt(-1));
        assertEquals(1, facts.path("false").asInt(-1));
        assertEquals(44, facts.path("exit 44").asInt(-1));
    }

    @Test
    void environmentSetsLangAndLcButNotOtherVariables() {
        assertEquals(List.of("LANG=de_DE.UTF-8", "LC_MESSAGES=fr_FR.UTF-8", "NOT_ACCEPTED=unset"),
                ClientRun.texts(run("environment").path("lines")));
    }

    @Test
    void getPtyGivesAPseudoTerminal() {
        JsonNode facts = run("pty");
        assertTrue(facts.path("tty").asText().matches("/dev/pts/[0-9]+"), facts.toString());
        assertEquals(0, facts.path("tty_status").asInt(-1));
        assertEquals("not a tty", facts.path("without_pty").asText());
        assertEquals(1, facts.path("without_pty_status").asInt(-1));
    }

    @Test
    void timeoutRaisesAndClosingTheChannelEndsTheCommand() {
        JsonNode facts = run("timeout");
        assertEquals("socket.timeout", facts.path("raised").asText(), facts.toString());
        assertTrue(facts.path("waited_s").asDouble() >= 1.4, facts.toString());
        assertEquals("connection-still-usable\n", facts.path("after").asText());
        long pid = facts.path("pid").asLong();
        Await.until(Duration.ofSeconds(15), "the remote sleep " + pid + " ends after its channel was closed",
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void stdinWrittenAndShutdownWriteReachTheCommand() {
        JsonNode facts = run("stdin_shutdown_write");
        assertEquals("HELLO PARAMIKO\nSECOND LINE\n(input ended)\n", facts.path("stdout").asText());
        assertEquals(0, facts.path("status").asInt(-1));
    }
}
