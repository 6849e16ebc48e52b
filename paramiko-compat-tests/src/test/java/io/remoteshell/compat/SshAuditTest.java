package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ssh-audit finds nothing it calls a failure in what the SSH port offers. */
@Timeout(90)
class SshAuditTest extends ServerPerClass {

    /** ssh-audit's exit codes for "all good" and "warnings only" (1 is a connection error, 3 a failure). */
    private static final List<Integer> GOOD_OR_WARNINGS = List.of(0, 2);

    @Test
    void sshAuditReportsNoFailures() {
        ClientRun.Result r = server.program(List.of("ssh-audit", "-n", "-p", Integer.toString(server.rshelld.sshPort()), "127.0.0.1"),
                Duration.ofSeconds(60));
        assertTrue(r.stdout().contains("(gen) banner: SSH-2.0-rshelld"), "ssh-audit did not get to audit the server: " + r);
        assertFalse(r.stdout().contains("[fail]"), r.stdout());
        assertTrue(GOOD_OR_WARNINGS.contains(r.exit()), "ssh-audit exit " + r.exit() + " is neither good nor warnings only: " + r);
    }
}
