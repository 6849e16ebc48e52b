package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code rshelld user list / remove / token --rotate}, run as a person runs them, against a server that is up. */
@Timeout(120)
class UserCommandsTest {

    record Run(int exit, String out, String err) {
    }

    private static Run rshelld(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Jvm.command(Rshelld.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    /** Whether {@code user} gets in with {@code token} right now. */
    private static boolean logsIn(EmbeddedRshelld server, String user, String token) throws Exception {
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.auth(user, token);
            Frame answer = c.next();
            return answer.type() == FrameType.AUTH_OK;
        }
    }

    @Test
    void listRotateAndRemoveTakeEffectAtOnce() throws Exception {
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().user("alice").ssh(false).rsps(false).authFailureDelay(java.time.Duration.ofMillis(10)).start()) {
            String state = server.stateDir().toString();
            assertEquals(0, rshelld("user", "add", "bob", "--state-dir", state).exit());
            Run list = rshelld("user", "list", "--state-dir", state);
            assertEquals(0, list.exit(), list.err());
            assertEquals("alice\nbob\n", list.out());

            Path bobToken = server.stateDir().resolve("users/bob/token");
            String old = Files.readString(bobToken).strip();
            assertTrue(logsIn(server, "bob", old));

            Run where = rshelld("user", "token", "bob", "--state-dir", state);
            assertEquals(bobToken + "\n", where.out());
            Run rotated = rshelld("user", "token", "bob", "--rotate", "--state-dir", state);
            assertEquals(0, rotated.exit(), rotated.err());
            assertEquals("new token for bob in " + bobToken + "; the old one no longer works\n", rotated.out());
            String fresh = Files.readString(bobToken).strip();
            assertFalse(fresh.equals(old));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(bobToken)));
            // No restart: the old token is refused on the next login, the new one accepted.
            assertFalse(logsIn(server, "bob", old));
            assertTrue(logsIn(server, "bob", fresh));

            Run removed = rshelld("user", "remove", "bob", "--state-dir", state);
            assertEquals(0, removed.exit(), removed.err());
            assertEquals("removed user bob\n", removed.out());
            assertFalse(Files.exists(server.stateDir().resolve("users/bob")));
            assertFalse(logsIn(server, "bob", fresh));
            assertEquals("alice\n", rshelld("user", "list", "--state-dir", state).out());

            Run unknown = rshelld("user", "remove", "bob", "--state-dir", state);
            assertTrue(unknown.exit() != 0);
            assertTrue(unknown.err().contains("no user \"bob\""), unknown.err());
            assertEquals(1, unknown.err().split("\n").length, unknown.err());
        }
    }
}
