package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.Session;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The library leaves logging to the application that uses it; the rshell command brings its own quiet set-up. */
class LoggingConfigTest {

    @Test
    void theLibraryHasNoLogbackXmlAtItsRoot() throws IOException, URISyntaxException {
        // Where the library's classes come from: target/classes while testing, the jar when run against it.
        Path library = Path.of(Session.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(library), library.toString());
        if (Files.isDirectory(library)) {
            assertFalse(Files.exists(library.resolve("logback.xml")), "logback.xml in " + library);
            assertFalse(Files.exists(library.resolve("logback-test.xml")), "logback-test.xml in " + library);
        } else {
            try (ZipFile jar = new ZipFile(library.toFile())) {
                assertTrue(jar.getEntry("logback.xml") == null, "logback.xml in " + library);
                assertTrue(jar.getEntry("logback-test.xml") == null, "logback-test.xml in " + library);
            }
        }
    }

    @Test
    void rshellsOwnConfigurationIsWhereMainPointsLogback() {
        assertNotNull(Rshell.class.getClassLoader().getResource(Rshell.LOG_CONFIG), Rshell.LOG_CONFIG);
    }
}
