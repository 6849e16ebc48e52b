package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client library as a test author adds it, in a brand-new Maven project (external/library-hygiene): it brings none
 * of the rshell command's libraries, prints no SLF4J warning without a binding, and with Logback at DEBUG (no
 * configuration) logs neither the token nor a command's environment values, over RSP/1 and SSH.
 */
class LibraryHygieneIT {

    @Test
    @Timeout(900)
    void theLibraryAloneInANewProject() throws IOException {
        ExternalProject project = ExternalProject.fresh("library-hygiene");
        ClientRun.Result plain = project.mvn(Duration.ofMinutes(10), "test");
        assertEquals(0, plain.exit(), "the library-hygiene project failed (it is in " + project.dir() + "):\n" + plain);
        assertTrue(plain.stdout().contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 1"), plain.stdout());

        String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().user("alice").rsps(false).start()) {
            ClientRun.Result logged = project.mvn(Duration.ofMinutes(10), "test", "-Pwith-logback",
                    "-Dlogback.version=" + logbackVersion(), "-Dit.logging=true", "-Dit.secret=" + secret,
                    "-Dit.rsp=" + server.rspUri(), "-Dit.token=" + server.token(),
                    "-Dit.ssh=" + server.sshUri(), "-Dit.key=" + server.privateKey());
            assertEquals(0, logged.exit(), "the library-hygiene project failed with Logback (in " + project.dir() + "):\n" + logged);
            Path output = project.dir().resolve("target/surefire-reports/example.LibraryTest-output.txt");
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(log.contains("DEBUG"), "Logback logged at DEBUG, as without a configuration it does: " + output);
            assertFalse(log.contains(secret), "an environment value in the log: " + output);
            assertFalse(log.contains(server.token()), "the token in the log: " + output);
        }
    }

    private static String logbackVersion() throws IOException {
        String pom = Files.readString(ExternalProject.REPOSITORY_ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<logback\\.version>([^<]+)</logback\\.version>").matcher(pom);
        assertTrue(m.find(), "no logback.version in the parent pom");
        return m.group(1).strip();
    }
}
