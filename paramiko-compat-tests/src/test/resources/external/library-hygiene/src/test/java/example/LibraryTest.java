package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.remoteshell.client.Command;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.SecretPrompt;
import io.remoteshell.client.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class LibraryTest {

    @Test
    @DisabledIfSystemProperty(named = "it.logging", matches = "true")
    void theLibraryBringsOnlyWhatItNeeds() {
        String classpath = System.getProperty("java.class.path");
        for (String cliOnly : List.of("picocli", "jline", "progressbar", "logback", "jcl-over-slf4j")) {
            assertFalse(classpath.contains(cliOnly), cliOnly + " on a library user's class path: " + classpath);
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "it.logging", matches = "true")
    void noSlf4jWarningWithoutABinding() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            Credentials.token("not-a-real-token");
            org.slf4j.LoggerFactory.getLogger("probe").warn("dropped: there is no binding");
        } finally {
            System.setErr(saved);
        }
        assertEquals("", err.toString(), "the library printed on stderr");
    }

    /** Logback without a configuration logs everything at DEBUG to stdout, MINA's lines too: none may hold a secret. */
    @Test
    @EnabledIfSystemProperty(named = "it.logging", matches = "true")
    void nothingLoggedHoldsASecret() throws Exception {
        String secret = System.getProperty("it.secret");
        Command command = Command.shell("test -n \"$API_KEY\"").env("API_KEY", secret);
        try (Session rsp = RemoteShell.connect(URI.create(System.getProperty("it.rsp")),
                Credentials.token(System.getProperty("it.token")))) {
            assertEquals(0, rsp.exec(command).exitCode());
        }
        Path knownHosts = Files.createTempDirectory("kh").resolve("known_hosts");
        try (Session ssh = RemoteShell.connect(URI.create(System.getProperty("it.ssh")),
                Credentials.sshKeys(List.of(Path.of(System.getProperty("it.key"))), SecretPrompt.NONE),
                HostKeys.acceptNew(knownHosts))) {
            assertEquals(0, ssh.exec(command).exitCode());
        }
    }
}
