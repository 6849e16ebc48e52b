package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExecTest {

    static EmbeddedRshelld server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().ssh(false).authFailureDelay(Duration.ofMillis(10)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Messages.Exec sh(String command) {
        return Messages.Exec.command(command);
    }

    @Test
    void startedThenOutputThenExitWithSeparateStreams() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            RspTestClient.Result r = c.exec(1, sh("echo out; echo err >&2; exit 3"));
            assertEquals("out\n", r.out());
            assertEquals("err\n", r.err());
            assertEquals(FrameType.STARTED, r.order.get(0));
            assertEquals(FrameType.EXIT, r.order.get(r.order.size() - 1));
            assertEquals(3, r.exit.code());
            assertNull(r.exit.signal());
            assertFalse(r.exit.timedOut());
            assertTrue(r.pid > 1);
        }
    }

    @Test
    void interleavedStreamsKeepTheirOwnOrder() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            RspTestClient.Result r = c.exec(1, sh("i=1; while [ $i -le 1000 ]; do echo o$i; echo e$i >&2; i=$((i+1)); done"));
            String expectOut = IntStream.rangeClosed(1, 1000).mapToObj(i -> "o" + i + "\n").collect(Collectors.joining());
            String expectErr = IntStream.rangeClosed(1, 1000).mapToObj(i -> "e" + i + "\n").collect(Collectors.joining());
            assertEquals(expectOut, r.out());
            assertEquals(expectErr, r.err());
            assertEquals(0, r.exit.code());
        }
    }

    @Test
    void exitCodes() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            for (int code : new int[] {0, 1, 44, 255}) {
                RspTestClient.Result r = c.exec(code + 1, sh("exit " + code));
                assertEquals(code, r.exit.code());
                assertNull(r.exit.signal());
            }
        }
    }

    @Test
    void deathBySignalIsNamed() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            RspTestClient.Result r = c.exec(1, sh("kill -TERM $$"));
            assertEquals(128 + 15, r.exit.code());
            assertEquals("TERM", r.exit.signal());
        }
    }

    @Test
    void envCwdAndArgvArePreserved(@TempDir Path dir) throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            RspTestClient.Result r = c.exec(1, new Messages.Exec("printf '%s|%s' \"$GREETING\" \"$(pwd)\"", null,
                    Map.of("GREETING", "hello world"), dir.toString(), null, null));
            assertEquals("hello world|" + dir.toRealPath(), r.out());
            List<String> argv = List.of("printf", "[%s]", "a b", "it's", "\"q\"", "$HOME", "");
            RspTestClient.Result a = c.exec(2, Messages.Exec.argv(argv));
            assertEquals("[a b][it's][\"q\"][$HOME][]", a.out());
            RspTestClient.Result home = c.exec(3, sh("pwd"));
            assertEquals(Path.of(System.getProperty("user.home")).toRealPath() + "\n", home.out());
        }
    }

    @Test
    void stdinOfThreeMegabytesRoundTripsThroughSha256sum() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(42).nextBytes(data);
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 7, new Messages.Exec("sha256sum", null, null, null, null, true));
            for (int off = 0; off < data.length; off += Limits.MAX_CHUNK) {
                c.writer.write(FrameType.STDIN, 7, data, off, Math.min(Limits.MAX_CHUNK, data.length - off));
            }
            c.send(Frame.of(FrameType.STDIN_EOF, 7));
            RspTestClient.Result r = c.collect(List.of(7)).get(7);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            assertEquals(expected + "  -\n", r.out());
            assertEquals(0, r.exit.code());
        }
    }

    @Test
    void stdinIsClosedAtOnceUnlessWanted() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            RspTestClient.Result r = c.exec(1, sh("cat; echo done"));
            assertEquals("done\n", r.out());
        }
    }

    @Test
    void twentyPipelinedExecsOnOneConnection() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                ids.add(i);
                c.sendJson(FrameType.EXEC, i, sh("for k in 1 2 3; do echo " + i + "-$k; echo e" + i + " >&2; done; exit " + i));
            }
            Map<Integer, RspTestClient.Result> results = c.collect(ids);
            for (int i : ids) {
                RspTestClient.Result r = results.get(i);
                assertEquals(i + "-1\n" + i + "-2\n" + i + "-3\n", r.out());
                assertEquals(("e" + i + "\n").repeat(3), r.err());
                assertEquals(i, r.exit.code());
            }
        }
    }

    @Test
    @Timeout(120)
    void twoHundredConcurrentConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(200);
        try {
            List<Future<String>> outs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                outs.add(pool.submit(() -> {
                    try (RspTestClient c = RspTestClient.login(server)) {
                        RspTestClient.Result r = c.exec(1, sh("echo " + n));
                        assertEquals(0, r.exit.code());
                        return r.out();
                    }
                }));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(i + "\n", outs.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void timeoutKillsTheGroupAndSaysSo() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            RspTestClient.Result r = c.exec(1, new Messages.Exec("sleep 300 & sleep 301", null, null, null, 300L, null));
            assertTrue(r.exit.timedOut());
            assertNotNull(r.exit.signal());
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(r.pid) == 0, "no process left of session " + r.pid);
        }
    }

    @Test
    void signalsReachTheWholeGroup() throws IOException {
        for (String signal : List.of("INT", "KILL")) {
            try (RspTestClient c = RspTestClient.login(server)) {
                c.sendJson(FrameType.EXEC, 5, sh("sleep 300 & sleep 301"));
                Frame started = c.next();
                assertEquals(FrameType.STARTED, started.type());
                long pid = started.as(Messages.Started.class).pid();
                Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) >= 2, "both sleeps running");
                c.sendJson(FrameType.SIGNAL, 5, new Messages.Signal(signal));
                RspTestClient.Result r = c.collect(List.of(5)).get(5);
                assertEquals(signal, r.exit.signal());
                Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "no process left after " + signal);
            }
        }
    }

    @Test
    void disconnectingMidCommandLeavesNoProcess() throws IOException {
        long pid;
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 9, sh("sleep 300 & sleep 301"));
            Frame started = c.next();
            pid = started.as(Messages.Started.class).pid();
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) >= 2, "both sleeps running");
        }
        Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "no process left after disconnect");
    }

    @Test
    void startFailuresAreExecFailed() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            RspTestClient.Result noDir = c.exec(1, new Messages.Exec("true", null, null, "/nope", null, null));
            assertEquals("EXEC_FAILED", noDir.error.code());
            assertTrue(noDir.error.message().contains("no such directory: /nope"), noDir.error.message());
            RspTestClient.Result noProgram = c.exec(2, Messages.Exec.argv(List.of("no-such-program-xyz")));
            assertEquals("EXEC_FAILED", noProgram.error.code());
            assertTrue(noProgram.error.message().contains("no-such-program-xyz"), noProgram.error.message());
            RspTestClient.Result shellMissing = c.exec(3, sh("no-such-program-xyz"));
            assertEquals(127, shellMissing.exit.code());
        }
    }
}
