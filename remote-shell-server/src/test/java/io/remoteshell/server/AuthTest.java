package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.AuthMac;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AuthTest {

    static final String ME = "alice";

    static EmbeddedRshelld server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().user(ME).ssh(false).rsps(false).authFailureDelay(Duration.ofMillis(10))
                .authTimeout(Duration.ofMillis(500)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void helloHasTheContractShape() throws IOException {
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            assertEquals("rsp/1", c.hello.protocol());
            assertEquals("rshelld 0.1.0", c.hello.server());
            assertEquals(List.of("token"), c.hello.auth());
            assertEquals(32, Base64.getDecoder().decode(c.hello.nonce()).length);
        }
        try (RspTestClient a = RspTestClient.connect(server.rspPort()); RspTestClient b = RspTestClient.connect(server.rspPort())) {
            assertFalse(a.hello.nonce().equals(b.hello.nonce()), "every connection gets a fresh nonce");
        }
    }

    @Test
    void aUsersTokenIsPrivate() throws IOException {
        Path token = server.tokenFile();
        assertEquals(server.stateDir().resolve("users").resolve(ME).resolve("token"), token);
        assertTrue(Files.readString(token).matches("[0-9a-f]{64}\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.auditLog())));
    }

    @Test
    void rightTokenGetsAuthOk() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            assertEquals(0, c.exec(1, Messages.Exec.command("true")).exit.code());
        }
    }

    @Test
    void addedUserCanLogInWithoutRestart() throws IOException {
        Path token = server.userStore().add("carol");
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.auth("carol", Files.readString(token));
            Frame ok = c.next();
            assertEquals(FrameType.AUTH_OK, ok.type());
            assertEquals("carol", ok.as(Messages.AuthOk.class).user());
        }
    }

    @Test
    void wrongMacAndUnknownUserLookTheSame() throws IOException {
        String wrongMac;
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.auth(ME, "00".repeat(32));
            Messages.Error e = c.expectError(0);
            assertEquals("AUTH_FAILED", e.code());
            wrongMac = e.message().replace(ME, "NAME");
            assertTrue(c.closedByServer());
        }
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.auth("nobody", "00".repeat(32));
            Messages.Error e = c.expectError(0);
            assertEquals("AUTH_FAILED", e.code());
            assertEquals(wrongMac, e.message().replace("nobody", "NAME"));
            assertTrue(c.closedByServer());
        }
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.auth("../../etc", "00".repeat(32));
            assertEquals("AUTH_FAILED", c.expectError(0).code());
        }
    }

    @Test
    void framesBeforeAuthAreAuthRequired() throws IOException {
        for (FrameType type : List.of(FrameType.EXEC, FrameType.GET, FrameType.STDIN, FrameType.PONG)) {
            try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
                c.sendJson(type, 1, Messages.Exec.command("touch /tmp/should-not-exist"));
                Messages.Error e = c.expectError(0);
                assertEquals("AUTH_REQUIRED", e.code());
                assertTrue(c.closedByServer());
            }
        }
    }

    @Test
    void pingWorksBeforeAndAfterAuth() throws IOException {
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.send(new Frame(FrameType.PING, 0, "before".getBytes(StandardCharsets.UTF_8)));
            Frame pong = c.next();
            assertEquals(FrameType.PONG, pong.type());
            assertEquals("before", new String(pong.payload(), StandardCharsets.UTF_8));
            c.auth(ME, server.token());
            assertEquals(FrameType.AUTH_OK, c.next().type());
            c.send(new Frame(FrameType.PING, 0, "after".getBytes(StandardCharsets.UTF_8)));
            pong = c.next();
            assertEquals(FrameType.PONG, pong.type());
            assertEquals("after", new String(pong.payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void noAuthInTimeIsAnErrorAndClose() throws IOException {
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            Messages.Error e = c.expectError(0);
            assertTrue(e.message().contains("no AUTH within 500 ms"), e.message());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void malformedAuthIsBadFrame() throws IOException {
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.send(new Frame(FrameType.AUTH, 0, "not json".getBytes(StandardCharsets.UTF_8)));
            assertEquals("BAD_FRAME", c.expectError(0).code());
            assertTrue(c.closedByServer());
        }
    }

    /** A separate server: the throttle counts per source address, and every test here comes from 127.0.0.1. */
    @Test
    @Timeout(120)
    void wrongTokensAreDelayedIncreasinglyThenRefusedButTheRightOneGetsIn() throws IOException {
        try (EmbeddedRshelld strict = EmbeddedRshelld.builder().user(ME).ssh(false).rsps(false).authFailureDelay(Duration.ofMillis(25))
                .start()) {
            long first = timeFailedAuth(strict);
            long second = timeFailedAuth(strict);
            long third = timeFailedAuth(strict);
            assertTrue(first >= 25, "first failure delayed by the configured 25 ms, took " + first);
            assertTrue(second >= 50, "second failure delayed twice as long, took " + second);
            assertTrue(third >= 100, "third failure delayed four times as long, took " + third);
            for (int i = 3; i < 11; i++) {
                timeFailedAuth(strict);
            }
            try (RspTestClient c = RspTestClient.connect(strict.rspPort())) {
                // Further wrong guesses from the address are refused...
                c.send(Frame.json(FrameType.AUTH, 0, new Messages.Auth(ME, AuthMac.compute(new byte[] {1}, c.nonce))));
                Messages.Error e = c.expectError(0);
                assertEquals("RATE_LIMITED", e.code());
                assertTrue(e.message().matches(".*try again in \\d+ s.*"), e.message());
            }
            try (RspTestClient c = RspTestClient.connect(strict.rspPort())) {
                // ...but the right token is not: someone else guessing wrong on this address locks nobody out.
                c.auth(ME, strict.token());
                assertEquals(FrameType.AUTH_OK, c.next().type());
            }
        }
    }

    private static long timeFailedAuth(EmbeddedRshelld s) throws IOException {
        try (RspTestClient c = RspTestClient.connect(s.rspPort())) {
            long t0 = System.nanoTime();
            c.send(Frame.json(FrameType.AUTH, 0, new Messages.Auth(ME, AuthMac.compute(new byte[] {1}, c.nonce))));
            assertEquals("AUTH_FAILED", c.expectError(0).code());
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }
}
