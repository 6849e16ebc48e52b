package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Limits, shutdown and the audit log, each against a server of its own. */
@Timeout(60)
class LifecycleTest {

    @TempDir
    Path state;

    /** An RSP/1-only embedded server keeping its files in {@code state}, so that the audit log outlives it. */
    private EmbeddedRshelld start(UnaryOperator<ServerConfig> change) throws IOException {
        return EmbeddedRshelld.builder().ssh(false).rsps(false).authFailureDelay(Duration.ofMillis(10)).directory(state).config(change).start();
    }

    @Test
    void connectionLimitGivesAClearErrorThenFreesUp() throws IOException {
        try (EmbeddedRshelld server = start(c -> c.withMaxConnections(2))) {
            RspTestClient a = RspTestClient.login(server);
            try (RspTestClient b = RspTestClient.login(server)) {
                try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
                    Messages.Error e = c.expectError(0);
                    assertEquals("TOO_MANY_CONNECTIONS", e.code());
                    assertTrue(e.message().contains("2 connections"), e.message());
                    assertTrue(c.closedByServer());
                }
                a.close();
                Await.until(Duration.ofSeconds(10), () -> {
                    try (RspTestClient d = RspTestClient.connect(server.rspPort())) {
                        return d.hello != null;
                    } catch (IOException ex) {
                        return false;
                    }
                }, "a slot to free up after a client left");
                assertEquals("b\n", b.exec(1, Messages.Exec.command("echo b")).out());
            }
        }
    }

    @Test
    void requestLimitGivesAClearErrorForThatIdOnly() throws IOException {
        try (EmbeddedRshelld server = start(c -> c.withMaxSessions(2));
             RspTestClient c = RspTestClient.login(server)) {
            for (int id = 1; id <= 2; id++) {
                c.sendJson(FrameType.EXEC, id, new Messages.Exec("cat", null, null, null, null, true));
                assertEquals(FrameType.STARTED, c.next().type());
            }
            c.sendJson(FrameType.EXEC, 3, Messages.Exec.command("echo three"));
            Messages.Error e = c.expectError(3);
            assertEquals("TOO_MANY_REQUESTS", e.code());
            assertTrue(e.message().contains("2 open requests"), e.message());
            c.send(Frame.of(FrameType.STDIN_EOF, 1));
            c.send(Frame.of(FrameType.STDIN_EOF, 2));
            assertEquals(0, c.collect(List.of(1, 2)).get(1).exit.code());
            assertEquals("three\n", c.exec(3, Messages.Exec.command("echo three")).out(), "a freed slot is usable");
        }
    }

    @Test
    void closeTermsRunningCommandsAndTheirExitStillArrives() throws Exception {
        EmbeddedRshelld server = start(c -> c.withShutdownGrace(Duration.ofSeconds(10)));
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, Messages.Exec.command("trap 'echo got-term; exit 7' TERM; echo ready; sleep 300 & wait"));
            long pid = c.next().as(Messages.Started.class).pid();
            Frame ready = c.next();
            assertEquals("ready\n", new String(ready.payload()));
            Thread closer = new Thread(server::close);
            closer.start();
            RspTestClient.Result r = c.collect(List.of(1)).get(1);
            assertEquals("got-term\n", r.out());
            assertEquals(7, r.exit.code());
            closer.join(20_000);
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "no process left after close()");
            assertTrue(c.closedByServer());
        } finally {
            server.close();
        }
    }

    @Test
    void closeKillsWhatIgnoresTermAfterTheGrace() throws Exception {
        EmbeddedRshelld server = start(c -> c.withShutdownGrace(Duration.ofMillis(300)));
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, Messages.Exec.command("trap '' TERM; echo ready; sleep 300"));
            long pid = c.next().as(Messages.Started.class).pid();
            assertEquals(FrameType.STDOUT, c.next().type());
            Thread closer = new Thread(server::close);
            closer.start();
            RspTestClient.Result r = c.collect(List.of(1)).get(1);
            assertEquals("KILL", r.exit.signal());
            closer.join(20_000);
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "no process left after close()");
        } finally {
            server.close();
        }
    }

    @Test
    void auditLogHasOneJsonLinePerRequest(@TempDir Path files) throws Exception {
        try (EmbeddedRshelld server = start(c -> c); RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, new Messages.Exec("head -c 5; echo err >&2; exit 4", null, null, null, null, true));
            c.send(new Frame(FrameType.STDIN, 1, "hello world".getBytes()));
            c.send(Frame.of(FrameType.STDIN_EOF, 1));
            assertEquals(4, c.collect(List.of(1)).get(1).exit.code());
            c.sendJson(FrameType.EXEC, 2, Messages.Exec.argv(List.of("sleep", "300")));
            assertEquals(FrameType.STARTED, c.next().type());
            Files.writeString(files.resolve("f"), "12345678");
            c.sendJson(FrameType.GET, 3, new Messages.Get(files.resolve("f").toString()));
            while (c.next().type() != FrameType.END) {
                // FILE and DATA
            }
            c.exec(4, new Messages.Exec("true", null, null, "/nope", null, null));
            c.close();
            Path log = server.stateDir().resolve("audit.log");
            Await.until(Duration.ofSeconds(10), () -> lines(log).size() >= 4, "four audit lines, the one of the sleep killed by the disconnect included");
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : lines(state.resolve("state").resolve("audit.log"))) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertEquals(4, lines.size(), lines.toString());
        JsonNode exec = lines.stream().filter(n -> n.path("command").asText().startsWith("head")).findFirst().orElseThrow();
        assertEquals("rsp", exec.get("front_end").asText());
        assertEquals(EmbeddedRshelld.DEFAULT_USER, exec.get("user").asText());
        assertTrue(exec.get("peer").asText().startsWith("127.0.0.1:"));
        assertEquals("exec", exec.get("kind").asText());
        assertEquals(4, exec.get("code").asInt());
        assertTrue(!exec.has("signal"), "no signal: fields without a value are left out");
        assertEquals(false, exec.get("timed_out").asBoolean());
        assertEquals(11, exec.get("bytes_in").asLong(), "stdin bytes handed to the command");
        assertEquals(9, exec.get("bytes_out").asLong(), "5 bytes of stdout and 4 of stderr");
        assertTrue(exec.get("duration_ms").asLong() >= 0);
        Instant.parse(exec.get("time").asText());
        JsonNode get = lines.stream().filter(n -> n.get("kind").asText().equals("get")).findFirst().orElseThrow();
        assertEquals(8, get.get("bytes_out").asLong());
        assertTrue(get.get("path").asText().endsWith("/f"));
        JsonNode failed = lines.stream().filter(n -> "EXEC_FAILED".equals(n.path("error").asText())).findFirst().orElseThrow();
        assertEquals("true", failed.get("command").asText());
        JsonNode killed = lines.stream().filter(n -> n.has("argv")).findFirst().orElseThrow();
        assertEquals("sleep", killed.get("argv").get(0).asText());
        assertEquals("300", killed.get("argv").get(1).asText());
        assertEquals("DISCONNECTED", killed.get("error").asText());
        assertEquals("KILL", killed.get("signal").asText());
    }

    @Test
    void configRefusesNonsense() {
        ServerConfig d = ServerConfig.defaults();
        assertEquals("127.0.0.1", d.bindAddress());
        assertEquals(9900, d.rspPort());
        assertEquals(Path.of(System.getProperty("user.home"), ".rshell", "server"), d.stateDir());
        assertEquals(256, d.maxConnections());
        assertEquals(10, d.maxSessions());
        assertThrows(IllegalArgumentException.class, () -> d.withRspPort(70000));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxConnections(0));
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}
