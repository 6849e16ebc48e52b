package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cat big | rshell host 'sleep 100'}: the command reads nothing, its stdin fills up, and still Ctrl-C
 * (SIGNAL INT) reaches it and the session's other requests go on, because the client sends within the server's
 * window instead of filling the connection.
 */
@Timeout(60)
class StdinFlowControlTest {

    @TempDir
    static Path state;
    @RegisterExtension
    static RshelldExtension rshelld = TestServer.extension().ssh(false).rsps(false).build();
    static TestServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = TestServer.of(rshelld.server());
    }

    @Test
    void ctrlCReachesACommandWhoseStdinIsFull() throws Exception {
        try (Session session = server.connect()) {
            RemoteProcess p = session.start(Command.shell("echo ready; sleep 100"));
            // Once the shell speaks, it runs with default signal dispositions (a server started in a script's
            // background inherits INT ignored until its command's env(1) resets it).
            byte[] ready = p.getInputStream().readNBytes(6);
            assertEquals("ready\n", new String(ready, java.nio.charset.StandardCharsets.UTF_8));
            AtomicLong written = new AtomicLong();
            Thread feeder = new Thread(() -> {
                byte[] chunk = new byte[64 << 10];
                try (OutputStream in = p.getOutputStream()) {
                    for (int i = 0; i < 1024; i++) {
                        in.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // The command ended under the feeder: a broken pipe, as locally.
                }
            }, "feeder");
            feeder.setDaemon(true);
            feeder.start();
            // Far less than the 64 MiB fed can ever be taken: the feeder ends up waiting for the window.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (feeder.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(Thread.State.WAITING, feeder.getState(), "the feeder waits for the window, not in a socket write");
            assertEquals("other\n", session.exec("echo other").stdoutText(), "another request goes through");
            assertTrue(session.ping().toNanos() > 0);
            p.signal("INT");
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "sleep 100 ends on Ctrl-C");
            assertEquals(Optional.of("INT"), p.waitForResult().signal());
            feeder.join(10_000);
            assertTrue(written.get() < (8 << 20), "the client sent within the window: " + written.get());
        }
    }

    @Test
    void uploadsStillCarryEveryByteWithinTheWindow(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("big.bin");
        byte[] data = new byte[5 << 20];
        new Random(1).nextBytes(data);
        Files.write(local, data);
        Path remote = dir.resolve("copy.bin");
        try (Session session = server.connect()) {
            session.put(local, remote.toString());
        }
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(remote)));
    }
}
