package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No exit status is ever lost: 500 commands with assorted statuses over one OpenSSH ControlMaster
 * connection (what Ansible uses by default; its client closes a channel as soon as it sees EOF, so
 * the server must send the status before EOF), and 500 paramiko exec_commands over one connection,
 * five channels at a time.
 */
@Timeout(300)
class ExitStatusRunsTest extends ServerPerClass {

    private static final int RUNS = 500;

    @Test
    void fiveHundredCommandsOverOneControlMasterKeepEveryExitStatus() throws Exception {
        Path work = Files.createDirectory(dir.resolve("control-master"));
        ClientRun.Result r = server.program(List.of("bash", CompatServer.SHELL_SCRIPTS.resolve("controlmaster_exit_statuses.sh").toString(),
                Integer.toString(server.rshelld.sshPort()), CompatServer.USER, server.ed25519Key.toString(),
                server.knownHosts.toString(), work.toString(), Integer.toString(RUNS)), Duration.ofSeconds(240)).assertSucceeded();
        System.out.println("ControlMaster: " + r.stdout().lines().reduce((a, b) -> b).orElse(""));
        assertEquals("lost 0 of " + RUNS + "\n", r.stdout(), r.toString());
    }

    @Test
    void fiveHundredParamikoExecCommandsOnOneConnectionKeepEveryExitStatus() {
        JsonNode facts = server.python(null, Duration.ofSeconds(240), "paramiko_exec.py", "assorted_500").facts();
        assertEquals(RUNS, facts.path("commands").asInt());
        assertTrue(facts.path("wrong").isEmpty(), facts.toString());
    }
}
