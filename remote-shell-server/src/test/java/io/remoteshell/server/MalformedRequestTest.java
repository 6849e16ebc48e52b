package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A malformed request ends that request with BAD_FRAME and nothing else: the other requests of its
 * connection go on, the connection serves the next one, and the server logs no stack trace.
 */
@Timeout(60)
class MalformedRequestTest {

    static EmbeddedRshelld server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().ssh(false).rsps(false).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Frame raw(FrameType type, int id, String json) {
        return new Frame(type, id, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the request as id 2 beside a running id 1, expects BAD_FRAME for 2 only, and checks 1 and a next request. */
    private static void refusedAlone(Frame bad) throws IOException {
        try (LogCapture log = new LogCapture(); RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, new Messages.Exec(null, List.of("cat"), null, null, null, true));
            assertEquals(FrameType.STARTED, c.next().type());
            c.send(bad);
            Messages.Error e = c.expectError(2);
            assertEquals("BAD_FRAME", e.code(), e.message());
            assertTrue(!e.message().contains("Exception"), "the message names the problem, not a class: " + e.message());
            c.send(new Frame(FrameType.STDIN, 1, "still here\n".getBytes(StandardCharsets.UTF_8)));
            c.send(Frame.of(FrameType.STDIN_EOF, 1));
            assertEquals("still here\n", c.collect(List.of(1)).get(1).out());
            assertEquals("ok\n", c.exec(3, Messages.Exec.command("echo ok")).out());
            assertEquals(List.of(), log.stackTraces());
        }
    }

    @Test
    void signalWithoutANameEndsOnlyThatRequest() throws IOException {
        for (String payload : List.of("{\"signal\":null}", "{}")) {
            try (LogCapture log = new LogCapture(); RspTestClient c = RspTestClient.login(server)) {
                c.sendJson(FrameType.EXEC, 1, Messages.Exec.command("sleep 300"));
                long pid = c.next().as(Messages.Started.class).pid();
                c.sendJson(FrameType.EXEC, 2, Messages.Exec.command("echo other"));
                c.send(raw(FrameType.SIGNAL, 1, payload));
                var results = c.collect(List.of(1, 2));
                assertEquals("BAD_FRAME", results.get(1).error.code(), payload);
                assertTrue(results.get(1).error.message().contains("INT"), results.get(1).error.message());
                assertEquals("other\n", results.get(2).out());
                Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "the failed request's command is gone");
                assertEquals("ok\n", c.exec(3, Messages.Exec.command("echo ok")).out());
                assertEquals(List.of(), log.stackTraces());
            }
        }
    }

    @Test
    void nulInArgvIsBadFrame() throws IOException {
        refusedAlone(raw(FrameType.EXEC, 2, "{\"argv\":[\"ec\\u0000ho\",\"x\"]}"));
        refusedAlone(raw(FrameType.EXEC, 2, "{\"argv\":[\"echo\",\"a\\u0000b\"]}"));
        refusedAlone(raw(FrameType.EXEC, 2, "{\"argv\":[\"/bin/ec\\u0000ho\"]}"));
    }

    @Test
    void nulInCommandCwdOrEnvIsBadFrame() throws IOException {
        refusedAlone(raw(FrameType.EXEC, 2, "{\"command\":\"echo a\\u0000b\"}"));
        refusedAlone(raw(FrameType.EXEC, 2, "{\"command\":\"pwd\",\"cwd\":\"/tmp\\u0000x\"}"));
        refusedAlone(raw(FrameType.EXEC, 2, "{\"command\":\"true\",\"env\":{\"A\":\"x\\u0000y\"}}"));
        refusedAlone(raw(FrameType.EXEC, 2, "{\"command\":\"true\",\"env\":{\"A\\u0000B\":\"x\"}}"));
        refusedAlone(Frame.json(FrameType.EXEC, 2, new Messages.Exec("true", null, Map.of("A", "1"), null, -5L, null)));
    }

    @Test
    void nulInTransferPathsIsBadFrame() throws IOException {
        refusedAlone(raw(FrameType.GET, 2, "{\"path\":\"/etc/pass\\u0000wd\"}"));
        refusedAlone(raw(FrameType.PUT, 2, "{\"path\":\"/tmp/x\\u0000y\",\"size\":1}"));
        refusedAlone(raw(FrameType.PUT, 2, "{\"size\":1}"));
        refusedAlone(raw(FrameType.PUT, 2, "{\"path\":\"" + server.file("f") + "\",\"size\":1,\"mode\":\"rwx\"}"));
    }
}
