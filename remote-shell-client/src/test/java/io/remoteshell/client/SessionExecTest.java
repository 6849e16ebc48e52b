package io.remoteshell.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.junit.RshelldExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Commands on a real server through one shared session. */
@Timeout(60)
class SessionExecTest {

    @RegisterExtension
    static RshelldExtension server = RshelldExtension.builder().ssh(false).build();
    @TempDir
    static Path state;
    Session session;

    @BeforeEach
    void connect(Session rsp) {
        session = rsp;
    }

    @Test
    void exitCodesAreTheCommandsOwn() throws IOException {
        for (int code : new int[] {0, 1, 44, 255}) {
            ExecResult r = session.exec("exit " + code);
            assertEquals(code, r.exitCode(), "exit " + code);
            assertEquals(Optional.empty(), r.signal());
            assertEquals(code == 0, r.isSuccess());
        }
    }

    @Test
    void stdoutAndStderrStayApart() throws IOException {
        ExecResult r = session.exec("echo out; echo err >&2; printf 'two\\n' ; printf 'lines\\n' >&2");
        assertEquals("out\ntwo\n", r.stdoutText());
        assertEquals("err\nlines\n", r.stderrText());
        assertFalse(r.duration().isNegative());
    }

    @Test
    void environmentAndWorkingDirectory() throws IOException {
        Path dir = Files.createDirectories(state.resolve("work dir"));
        ExecResult r = session.exec(Command.shell("echo \"$GREETING\"; pwd").env("GREETING", "hello world").cwd(dir.toString()));
        assertEquals("hello world\n" + dir.toRealPath() + "\n", r.stdoutText());
    }

    @Test
    void argvPassesSpacesAndQuotesUntouched() throws IOException {
        ExecResult r = session.exec(Command.argv("printf", "[%s]\\n", "a b", "it's", "\"q\"", "$HOME", "*"));
        assertEquals("[a b]\n[it's]\n[\"q\"]\n[$HOME]\n[*]\n", r.stdoutText());
    }

    @Test
    void argvOfAMissingProgramIsARemoteError() {
        RemoteErrorException e = assertThrows(RemoteErrorException.class,
                () -> session.exec(Command.argv("/no/such/program")));
        assertEquals("EXEC_FAILED", e.code());
    }

    @Test
    void killedBySignal() throws Exception {
        RemoteProcess p = session.start(Command.shell("echo ready; exec sleep 300"));
        assertTrue(p.pid() > 0, "pid from STARTED");
        assertEquals("ready", new String(p.getInputStream().readNBytes(5), UTF_8));
        p.signal("KILL");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(Optional.of("KILL"), p.exitSignal());
        assertEquals(128 + 9, p.exitValue());
        assertFalse(p.isAlive());
        assertThrows(IllegalArgumentException.class, () -> p.signal("STOP"));
    }

    @Test
    void destroyEndsALongCommand() throws Exception {
        RemoteProcess p = session.start(Command.shell("sleep 300"));
        assertTrue(p.isAlive());
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "sleep 300 should end on TERM");
        assertEquals(Optional.of("TERM"), p.exitSignal());
        assertEquals(128 + 15, p.exitValue());
        ExecResult r = ((RemoteProcess) p.destroyForcibly()).waitForResult();
        assertEquals(Optional.of("TERM"), r.signal(), "destroying an ended process changes nothing");
    }

    @Test
    void timeoutKillsAndSaysSo() throws IOException {
        ExecResult r = session.exec(Command.shell("sleep 300").timeout(Duration.ofMillis(300)));
        assertTrue(r.timedOut(), r.toString());
        assertFalse(r.isSuccess());
        assertTrue(r.duration().compareTo(Duration.ofSeconds(30)) < 0, r.toString());
    }

    @Test
    void stdinOfThreeMegabytesThroughSha256sum() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        RemoteProcess p = session.start(Command.argv("sha256sum"));
        try (OutputStream in = p.getOutputStream()) {
            for (int off = 0; off < data.length; off += 10_000) {
                in.write(data, off, Math.min(10_000, data.length - off));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, p.waitFor());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(expected + "  -\n", out);
    }

    @Test
    void streamingExecWritesAsItArrivesAndCollectsNothing() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = session.exec(Command.shell("seq 1 100000; echo done >&2"), out, err);
        assertEquals(0, r.exitCode());
        assertEquals(0, r.stdout().length);
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 100000; i++) {
            expected.append(i).append('\n');
        }
        assertEquals(expected.toString(), out.toString(UTF_8));
        assertEquals("done\n", err.toString(UTF_8));
    }

    @Test
    void aFailingOutputStreamKillsTheCommandAndIsReported() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        IOException e = assertThrows(IOException.class,
                () -> session.exec(Command.shell("while true; do echo y; done"), broken, OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }

    /** Ten: the server's default --max-sessions, the most one connection runs at once (as OpenSSH's MaxSessions). */
    @Test
    void tenThreadsShareOneSession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                results.add(pool.submit(() -> session.exec("for k in 1 2 3; do echo " + n + "-$k; echo e" + n + " >&2; done; exit " + n)));
            }
            for (int i = 0; i < 10; i++) {
                ExecResult r = results.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(i, r.exitCode());
                assertEquals(i + "-1\n" + i + "-2\n" + i + "-3\n", r.stdoutText());
                assertEquals(("e" + i + "\n").repeat(3), r.stderrText());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void processStreamsFollowTheProcessContract() throws Exception {
        RemoteProcess p = session.start(Command.shell("cat; echo bye >&2; exit 3"));
        p.getOutputStream().write("hello\n".getBytes(UTF_8));
        p.getOutputStream().flush();
        byte[] line = p.getInputStream().readNBytes(6);
        assertArrayEquals("hello\n".getBytes(UTF_8), line);
        p.getOutputStream().close();
        CompletableFuture<Process> exited = p.onExit();
        assertEquals(3, p.waitFor());
        assertTrue(exited.isDone());
        assertEquals("bye\n", new String(p.getErrorStream().readAllBytes(), UTF_8));
        assertEquals(-1, p.getInputStream().read());
        assertThrows(IOException.class, () -> p.getOutputStream().write(1), "stdin is closed");
    }

    @Test
    void outputLargerThanTheBufferWaitsForTheReader() throws Exception {
        // 8 MiB through a 1 MiB buffer: the connection waits for us, and nothing is lost.
        RemoteProcess p = session.start(Command.shell("head -c 8388608 /dev/zero | tr '\\0' 'x'"));
        p.getOutputStream().close();
        long total = 0;
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != 'x') {
                        throw new AssertionError("unexpected byte at " + (total + i));
                    }
                }
                total += n;
            }
        }
        assertEquals(8388608, total);
        assertEquals(0, p.waitFor());
        assertTrue(session.ping().compareTo(Duration.ofSeconds(5)) < 0, "the session still answers");
    }
}
