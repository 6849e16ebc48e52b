package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever a client sends, it gets a clear ERROR at worst, and the server goes on serving. */
@Timeout(60)
class BadInputTest {

    static EmbeddedRshelld server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().ssh(false).rsps(false).authFailureDelay(Duration.ofMillis(10)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** After every bad input, a fresh connection still works end to end. */
    @AfterEach
    void serverStillServes() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            assertEquals("ok\n", c.exec(1, Messages.Exec.command("echo ok")).out());
        }
    }

    private static byte[] header(int type, long id, long length) {
        byte[] b = new byte[9];
        b[0] = (byte) type;
        for (int i = 0; i < 4; i++) {
            b[1 + i] = (byte) (id >>> (24 - 8 * i));
            b[5 + i] = (byte) (length >>> (24 - 8 * i));
        }
        return b;
    }

    @Test
    void oversizedFrameIsFrameTooLargeAndClose() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendRaw(header(0x11, 1, 0xFFFFFFFFL));
            Messages.Error e = c.expectError(0);
            assertEquals("FRAME_TOO_LARGE", e.code());
            assertTrue(e.message().contains("4294967295"), e.message());
            assertTrue(c.closedByServer());
        }
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.sendRaw(header(0x02, 0, 0xFFFFFFFFL));
            assertEquals("FRAME_TOO_LARGE", c.expectError(0).code());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void unknownTypeIsBadFrameForThatId() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            byte[] frame = new byte[12];
            System.arraycopy(header(0x55, 4, 3), 0, frame, 0, 9);
            c.sendRaw(frame);
            Messages.Error e = c.expectError(4);
            assertEquals("BAD_FRAME", e.code());
            assertTrue(e.message().contains("0x55"), e.message());
            assertEquals("still\n", c.exec(2, Messages.Exec.command("echo still")).out(), "connection goes on");
            c.sendRaw(header(0x55, 0, 0));
            assertEquals("BAD_FRAME", c.expectError(0).code());
            assertTrue(c.closedByServer(), "an unknown type for id 0 ends the connection");
        }
    }

    @Test
    void brokenJsonIsBadFrame() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.send(new Frame(FrameType.EXEC, 3, "{\"command\": ".getBytes(StandardCharsets.UTF_8)));
            assertEquals("BAD_FRAME", c.expectError(3).code());
            c.send(new Frame(FrameType.EXEC, 4, "[1,2]".getBytes(StandardCharsets.UTF_8)));
            assertEquals("BAD_FRAME", c.expectError(4).code());
            c.send(new Frame(FrameType.EXEC, 5, "{\"argv\":[\"echo\",null]}".getBytes(StandardCharsets.UTF_8)));
            assertEquals("BAD_FRAME", c.expectError(5).code());
            c.send(new Frame(FrameType.EXEC, 6, "{\"command\":\"true\",\"env\":{\"A B\":\"x\"}}".getBytes(StandardCharsets.UTF_8)));
            Messages.Error env = c.expectError(6);
            assertTrue(env.message().contains("A B"), env.message());
            assertEquals("fine\n", c.exec(7, Messages.Exec.command("echo fine")).out());
        }
    }

    @Test
    void execNeedsExactlyOneOfCommandAndArgv() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, new Messages.Exec(null, null, null, null, null, null));
            assertEquals("BAD_FRAME", c.expectError(1).code());
            c.sendJson(FrameType.EXEC, 2, new Messages.Exec("true", List.of("true"), null, null, null, null));
            Messages.Error e = c.expectError(2);
            assertEquals("BAD_FRAME", e.code());
            assertTrue(e.message().contains("exactly one"), e.message());
        }
    }

    @Test
    void framesForUnknownIdsAreBadFrame() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.send(new Frame(FrameType.STDIN, 99, new byte[] {1}));
            Messages.Error e = c.expectError(99);
            assertEquals("BAD_FRAME", e.code());
            assertTrue(e.message().contains("99"), e.message());
            c.sendJson(FrameType.SIGNAL, 98, new Messages.Signal("TERM"));
            assertEquals("BAD_FRAME", c.expectError(98).code());
            c.send(new Frame(FrameType.STDOUT, 97, new byte[] {1}));
            assertEquals("BAD_FRAME", c.expectError(97).code());
        }
    }

    @Test
    void lateFramesForARequestThatJustEndedAreDropped() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            assertEquals(0, c.exec(1, Messages.Exec.command("true")).exit.code());
            c.send(new Frame(FrameType.STDIN, 1, new byte[] {1}));
            c.sendJson(FrameType.SIGNAL, 1, new Messages.Signal("INT"));
            c.send(new Frame(FrameType.PING, 0, "after".getBytes(StandardCharsets.UTF_8)));
            Frame pong = c.next();
            assertEquals(FrameType.PONG, pong.type(), "no ERROR came before the PONG");
            assertEquals("after", new String(pong.payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void duplicateIdIsRefusedAndTheOriginalGoesOn() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, new Messages.Exec("cat", null, null, null, null, true));
            assertEquals(FrameType.STARTED, c.next().type());
            c.sendJson(FrameType.EXEC, 1, Messages.Exec.command("echo dup"));
            Messages.Error e = c.expectError(1);
            assertEquals("BAD_FRAME", e.code());
            assertTrue(e.message().contains("already open"), e.message());
            c.send(new Frame(FrameType.STDIN, 1, "original".getBytes(StandardCharsets.UTF_8)));
            c.send(Frame.of(FrameType.STDIN_EOF, 1));
            RspTestClient.Result r = c.collect(List.of(1)).get(1);
            assertEquals("original", r.out());
            assertEquals(0, r.exit.code());
        }
    }

    @Test
    void badSignalNamesTheAllowedOnes() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, Messages.Exec.command("sleep 300"));
            long pid = c.next().as(Messages.Started.class).pid();
            c.sendJson(FrameType.SIGNAL, 1, new Messages.Signal("USR1"));
            Messages.Error e = c.expectError(1);
            assertEquals("BAD_FRAME", e.code());
            assertTrue(e.message().contains("HUP, INT, KILL, QUIT, TERM"), e.message());
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0,
                    "the request ended by the ERROR leaves no process");
        }
    }

    @Test
    void oversizedPingIsBadFrame() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.send(new Frame(FrameType.PING, 5, new byte[65]));
            assertEquals("BAD_FRAME", c.expectError(5).code());
            c.send(new Frame(FrameType.PING, 0, new byte[65]));
            assertEquals("BAD_FRAME", c.expectError(0).code());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void requestWithIdZeroIsBadFrameAndClose() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 0, Messages.Exec.command("true"));
            assertEquals("BAD_FRAME", c.expectError(0).code());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void garbageBytesGetAnErrorAndAClose() throws IOException {
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ERROR", c.next().type().name());
            assertTrue(c.closedByServer());
        }
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendRaw(noise);
            // This noise starts with a header announcing far more than 1 MiB: the reader refuses it before reading on.
            assertEquals("FRAME_TOO_LARGE", c.expectError(0).code());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void disconnectInTheMiddleOfAFrameKillsItsCommands() throws IOException {
        long pid;
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, Messages.Exec.command("sleep 300"));
            pid = c.next().as(Messages.Started.class).pid();
            byte[] partial = FrameWriter.encode(new Frame(FrameType.STDIN, 1, new byte[100]));
            c.sendRaw(java.util.Arrays.copyOf(partial, 50));
        }
        Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "no process after the broken frame");
    }

    @Test
    void nonClientFrameTypesAreBadFrame() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXIT, 3, Map.of("code", 0));
            assertEquals("BAD_FRAME", c.expectError(3).code());
            c.sendJson(FrameType.AUTH, 0, new Messages.Auth("x", "y"));
            assertEquals("BAD_FRAME", c.expectError(0).code());
            assertTrue(c.closedByServer());
        }
    }
}
