package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.remoteshell.client.Session;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

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
    void rshellsOwnConfigurationIsALogbackServiceThatOnlyTheCommandTurnsOn() throws IOException {
        // Found by logback's own service lookup, as in the shaded rshell.jar.
        assertTrue(java.util.ServiceLoader.load(Configurator.class).stream()
                .anyMatch(p -> p.type() == CliLogging.class), "CliLogging is not a logback Configurator service");
        LoggerContext app = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new CliLogging().configure(app),
                "an application using the library keeps its own logging");
        assertFalse(app.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());

        String before = System.getProperty(CliLogging.PROPERTY);
        System.setProperty(CliLogging.PROPERTY, CliLogging.CLI);
        try {
            LoggerContext cli = new LoggerContext();
            assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new CliLogging().configure(cli));
            ch.qos.logback.classic.Logger root = cli.getLogger(Logger.ROOT_LOGGER_NAME);
            assertEquals(Level.WARN, root.getLevel());
            assertEquals(Level.ERROR, cli.getLogger("org.apache.sshd").getLevel());
            @SuppressWarnings("unchecked")
            ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
            assertEquals("System.err", stderr.getTarget());
            LoggingEvent event = new LoggingEvent(getClass().getName(), root, Level.WARN, "cannot {}", null,
                    new Object[] {"frob"});
            assertEquals("rshell: WARN: cannot frob" + System.lineSeparator(),
                    new String(stderr.getEncoder().encode(event), java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            if (before == null) {
                System.clearProperty(CliLogging.PROPERTY);
            } else {
                System.setProperty(CliLogging.PROPERTY, before);
            }
        }
    }
}
