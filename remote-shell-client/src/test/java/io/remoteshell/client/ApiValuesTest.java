package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value types of the API, without a server. */
class ApiValuesTest {

    @Test
    void endpointDefaults() {
        Endpoint e = Endpoint.parse(URI.create("rsp://alice@example.org"));
        assertEquals(new Endpoint("rsp", "alice", "example.org", 9900), e);
        assertEquals("example.org:9900", e.hostPort());
        assertEquals(System.getProperty("user.name"), Endpoint.parse(URI.create("rsp://127.0.0.1:1234")).user());
        assertEquals("[::1]:7", Endpoint.parse(URI.create("RSP://bob@[::1]:7")).hostPort());
        assertEquals(new Endpoint("ssh", "alice", "example.org", 22), Endpoint.parse(URI.create("ssh://alice@example.org")));
        assertEquals(new Endpoint("rsps", "alice", "example.org", 9901), Endpoint.parse(URI.create("rsps://alice@example.org")));
    }

    @Test
    void endpointRejectsWhatItCannotServe() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> Endpoint.parse(URI.create("telnet://alice@host")));
        assertTrue(scheme.getMessage().contains("must be one of rsp, rsps, ssh"), scheme.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(URI.create("rsp:/no/host")));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(URI.create("rsp://alice@host:1/path")));
    }

    @Test
    void commandIsAnImmutableBuilder() {
        Command base = Command.shell("make test");
        Command full = base.env("CI", "1").cwd("/srv").timeout(Duration.ofSeconds(5));
        assertEquals(Map.of(), base.env());
        assertEquals(Optional.empty(), base.cwd());
        assertEquals(Map.of("CI", "1"), full.env());
        assertEquals(Optional.of("/srv"), full.cwd());
        assertEquals(Optional.of(Duration.ofSeconds(5)), full.timeout());
        assertEquals(Optional.of("make test"), full.commandLine());
        assertEquals(List.of("printf", "a b"), Command.argv("printf", "a b").argv());
        assertThrows(IllegalArgumentException.class, () -> Command.argv(List.of()));
        assertThrows(IllegalArgumentException.class, () -> base.timeout(Duration.ZERO));
    }

    /** The one rule for both transports, checked before anything is sent (over SSH the name becomes shell text). */
    @Test
    void environmentNamesAreShellNamesAndValuesHaveNoNul() {
        Command base = Command.shell("true");
        for (String bad : List.of("X=1; touch /tmp/pwned; Y", "X\nY", "1X", "", "A-B", "A B")) {
            assertThrows(IllegalArgumentException.class, () -> base.env(bad, "v"), bad);
            assertThrows(IllegalArgumentException.class, () -> base.env(Map.of(bad, "v")), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> base.env("OK", "a\0b"));
        assertEquals(Map.of("_a1", "v"), base.env("_a1", "v").env());
    }

    @Test
    void execResultSaysHowItEnded() {
        ExecResult killed = new ExecResult(137, "KILL", false, Duration.ofMillis(5), null, null);
        assertFalse(killed.isSuccess());
        assertEquals(Optional.of("KILL"), killed.signal());
        ExecResult ok = new ExecResult(0, null, false, Duration.ZERO, null, null)
                .withOutput("hé".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9});
        assertTrue(ok.isSuccess());
        assertEquals("hé", ok.stdoutText());
        assertEquals("é", ok.stderrText(StandardCharsets.ISO_8859_1));
    }

    @Test
    void credentialsReadTrimAndHide(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  abc123\n");
        Credentials c = Credentials.tokenFile(file);
        assertEquals("abc123", c.token());
        assertFalse(c.toString().contains("abc123"));
        IOException missing = assertThrows(IOException.class, () -> Credentials.tokenFile(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Files.writeString(dir.resolve("blank"), "\n");
        IOException empty = assertThrows(IOException.class, () -> Credentials.tokenFile(dir.resolve("blank")));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Credentials.token(" "));
    }
}
