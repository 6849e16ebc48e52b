package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.server.core.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gigabyte of output through a server JVM capped at 64 MiB of heap and a client that only digests
 * it: proves both ends stream instead of collecting.
 */
class LargeOutputTest {

    private static final long SIZE = 1_000_000_000L;
    private static final byte[] PATTERN = "abcdefgh\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LISTENING = Pattern.compile("RSP/1 listening on \\S+:(\\d+)");

    @TempDir
    Path state;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void oneGigabyteStreamsThroughASmallHeapServer() throws Exception {
        Path token = new UserStore(state).add("big");
        Process server = startServer();
        try {
            int port = listeningPort(server);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long[] count = {0};
            OutputStream digesting = new OutputStream() {
                @Override
                public void write(int b) {
                    received.update((byte) b);
                    count[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    received.update(b, off, len);
                    count[0] += len;
                }
            };
            URI uri = URI.create("rsp://big@127.0.0.1:" + port);
            try (Session session = RemoteShell.connect(uri, Credentials.tokenFile(token))) {
                ExecResult r = session.exec(Command.shell("yes abcdefgh | head -c " + SIZE), digesting, OutputStream.nullOutputStream());
                assertEquals(0, r.exitCode(), r.toString());
                assertEquals(0, r.stdout().length, "streamed output is not collected");
            }
            assertEquals(SIZE, count[0]);
            assertEquals(expectedSha256(), HexFormat.of().formatHex(received.digest()));
            assertTrue(server.isAlive(), "the 64 MiB server survived a gigabyte of output");
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "rshelld stops on TERM");
        }
    }

    private Process startServer() throws IOException {
        Path logConfig;
        try {
            logConfig = Path.of(LargeOutputTest.class.getResource("/rshelld-logback.xml").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> cmd = new ArrayList<>(Jvm.command("io.remoteshell.server.Rshelld", "-Xmx64m", "-Dlogback.configurationFile=" + logConfig));
        cmd.addAll(List.of("--no-ssh", "--no-rsps", "--rsp-port", "0", "--state-dir", state.toString()));
        return new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Reads the server's stderr until the listening line (within a deadline), then keeps draining it. */
    private static int listeningPort(Process server) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    } else if (!port.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
                port.completeExceptionally(new AssertionError("rshelld exited before listening:\n" + seen));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "rshelld-stderr");
        drain.setDaemon(true);
        drain.start();
        return port.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    }

    /** The SHA-256 of the first SIZE bytes of "abcdefgh\n" repeated, computed without the server. */
    private static String expectedSha256() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[PATTERN.length * 7282];
        for (int i = 0; i < block.length; i++) {
            block[i] = PATTERN[i % PATTERN.length];
        }
        long left = SIZE;
        while (left > 0) {
            int n = (int) Math.min(block.length, left);
            sha.update(block, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
