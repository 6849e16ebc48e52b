package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract says a standard-library Python client written from docs/PROTOCOL.md alone must work.
 * This runs the one in docs/examples, unchanged, against a real server.
 */
@Timeout(60)
class PythonClientTest {

    private static final Path CLIENT = Path.of("..", "docs", "examples", "rsp_client.py").toAbsolutePath().normalize();
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path state;
    static RshellServer server;

    @BeforeAll
    static void start() throws IOException {
        assertTrue(Files.isExecutable(Path.of(PYTHON)),
                "this test runs the documented Python client with " + PYTHON + ": install it with `apt-get install python3`");
        assertTrue(Files.isRegularFile(CLIENT), "missing " + CLIENT);
        server = RshellServer.start(ServerConfig.defaults().withRspPort(0).withSshEnabled(false).withStateDir(state));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void documentedClientRunsACommandWithSeparateStreamsAndExitCode() throws Exception {
        String user = System.getProperty("user.name");
        Path token = server.users().tokenFile(user);
        Process p = new ProcessBuilder(PYTHON, CLIENT.toString(),
                "rsp://" + user + "@127.0.0.1:" + server.rspPort(), token.toString(),
                "echo hi; echo oops >&2; exit 3").start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python client did not finish");
        assertEquals("oops\n", new String(err.get(), StandardCharsets.UTF_8));
        assertEquals("hi\n", out);
        assertEquals(3, p.exitValue());
    }

    @Test
    void documentedClientStreamsMoreThanOneFrameOfOutput() throws Exception {
        String user = System.getProperty("user.name");
        Process p = new ProcessBuilder(List.of(PYTHON, CLIENT.toString(),
                "rsp://" + user + "@127.0.0.1:" + server.rspPort(), server.users().tokenFile(user).toString(),
                "head -c 300000 /dev/zero | tr '\\0' x"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(300000, out.length);
        for (byte b : out) {
            assertEquals('x', b);
        }
    }

    @Test
    void documentedClientIsRefusedWithAWrongToken(@TempDir Path dir) throws Exception {
        Path wrong = Files.writeString(dir.resolve("token"), "00".repeat(32) + "\n");
        Process p = new ProcessBuilder(PYTHON, CLIENT.toString(),
                "rsp://" + System.getProperty("user.name") + "@127.0.0.1:" + server.rspPort(), wrong.toString(), "true")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertTrue(err.contains("AUTH_FAILED"), err);
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
