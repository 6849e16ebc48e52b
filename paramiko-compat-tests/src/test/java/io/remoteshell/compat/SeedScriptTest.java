package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop people write first with paramiko works unchanged, fed commands through a pipe. */
@Timeout(60)
class SeedScriptTest extends ServerPerClass {

    @Test
    void seedScriptRunsEachPipedCommandAndPrintsItsLines() {
        String commands = "echo hello\nprintf 'a\\nb\\n'\nuname -s\necho only-on-stderr >&2\nexit 5\n";
        ClientRun.Result r = server.python(commands.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(45), "seed_script.py")
                .assertSucceeded();
        // input() writes its prompt to stdout when stdin is not a terminal; five prompts, and one more at end of input.
        assertEquals("$ ['hello\\n']\n$ ['a\\n', 'b\\n']\n$ ['Linux\\n']\n$ []\n$ []\n$ ", r.stdout());
    }
}
