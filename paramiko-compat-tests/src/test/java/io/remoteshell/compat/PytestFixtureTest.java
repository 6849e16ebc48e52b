package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pytest fixture of examples/python (conftest.py) and its own tests, run as its users run them:
 * {@code python3 -m pytest examples/python}. The fixture starts rshelld as a separate process; here that is this
 * build's rshelld main class on the test class path (RSHELLD), so no jar has to be built first.
 */
class PytestFixtureTest {

    @Test
    @Timeout(600)
    void theFixtureServesParamikoFabricAndTheRspClient(@TempDir Path dir) throws IOException {
        ClientTools.require(dir);
        Path examples = CompatServer.RSP_CLIENT.getParent();
        String rshelld = Stream.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.remoteshell.server.Rshelld")
                .map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Path home = Files.createDirectory(dir.resolve("home"));
        ClientRun.Result r = ClientRun.run(List.of(ClientTools.PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "--basetemp", dir.resolve("pytest").toString(), examples.toString()), dir,
                // Scripts leave no __pycache__ in the source tree; HOME keeps the clients away from this machine's ~/.ssh.
                Map.of("RSHELLD", rshelld, "HOME", home.toString(), "PYTHONDONTWRITEBYTECODE", "1"), null, Duration.ofMinutes(8));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("3 passed"), r.stdout());
    }
}
