package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * STDIN and DATA are bounded per frame, per request and per connection; a client that opted in to windows is
 * never blocked by a request whose input is not read; one that did not is held back by TCP yet still has its
 * commands killed at once when it goes away.
 */
@Timeout(60)
class FlowControlTest {

    static EmbeddedRshelld server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().ssh(false).rsps(false).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Messages.Exec withStdin(String command) {
        return new Messages.Exec(command, null, null, null, null, true);
    }

    @Test
    void dataFramesOverOneChunkAreBadFrameForThatRequestOnly() throws IOException {
        try (RspTestClient c = RspTestClient.login(server)) {
            c.sendJson(FrameType.EXEC, 1, withStdin("cat"));
            assertEquals(FrameType.STARTED, c.next().type());
            c.sendJson(FrameType.EXEC, 2, withStdin("cat"));
            assertEquals(FrameType.STARTED, c.next().type());
            c.send(new Frame(FrameType.STDIN, 1, new byte[Limits.MAX_CHUNK + 1]));
            Messages.Error e = c.expectError(1);
            assertEquals("BAD_FRAME", e.code());
            assertTrue(e.message().contains("65536"), e.message());
            c.send(new Frame(FrameType.STDIN, 2, "two\n".getBytes(StandardCharsets.UTF_8)));
            c.send(Frame.of(FrameType.STDIN_EOF, 2));
            assertEquals("two\n", c.collect(List.of(2)).get(2).out());

            c.sendJson(FrameType.PUT, 3, new Messages.Put(server.file("big").toString(), (long) Limits.MAX_CHUNK + 1, null));
            c.send(new Frame(FrameType.DATA, 3, new byte[Limits.MAX_CHUNK + 1]));
            assertEquals("BAD_FRAME", c.expectError(3).code());
            assertFalse(Files.exists(server.file("big")));
            assertEquals("ok\n", c.exec(4, Messages.Exec.command("echo ok")).out());
        }
    }

    @Test
    void helloOffersTheWindowAndPastItIsBadFrame() throws IOException {
        try (RspTestClient c = RspTestClient.loginWithWindow(server)) {
            long window = c.hello.window();
            assertTrue(c.hello.features().contains("window"), c.hello.toString());
            assertEquals((1 << 20) / (2 * ServerConfig.defaults().maxSessions()), window,
                    "the default: half the connection's 1 MiB shared by the requests it may open");
            c.sendJson(FrameType.EXEC, 1, withStdin("sleep 300"));
            long pid = c.next().as(Messages.Started.class).pid();
            c.send(new Frame(FrameType.STDIN, 1, new byte[(int) window + 1]));
            Messages.Error e = c.expectError(1);
            assertEquals("BAD_FRAME", e.code());
            assertTrue(e.message().contains("WINDOW"), e.message());
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 0, "the refused request's command is gone");
        }
    }

    /** A windowed client fills a command's input to the brim; SIGNAL, PING and other requests still get through. */
    @Test
    void withWindowsAFullInputHoldsBackNothingElse() throws Exception {
        try (RspTestClient c = RspTestClient.loginWithWindow(server)) {
            AtomicLong credit = new AtomicLong(c.hello.window());
            AtomicLong sent = new AtomicLong();
            c.sendJson(FrameType.EXEC, 1, withStdin("sleep 300"));
            assertEquals(FrameType.STARTED, c.next().type());
            Thread sender = new Thread(() -> {
                try {
                    while (sent.get() < (8 << 20)) {
                        int n;
                        synchronized (credit) {
                            while (credit.get() == 0) {
                                credit.wait();
                            }
                            n = (int) Math.min(credit.get(), Limits.MAX_CHUNK);
                            credit.addAndGet(-n);
                        }
                        c.send(new Frame(FrameType.STDIN, 1, new byte[n]));
                        sent.addAndGet(n);
                    }
                } catch (IOException | InterruptedException e) {
                    // The test closes the socket, or it ends.
                }
            }, "window-sender");
            sender.setDaemon(true);
            sender.start();
            // Read grants until the server stops granting because the input is full: the sender then waits for credit.
            long granted = c.hello.window();
            c.socket.setSoTimeout(30_000);
            while (granted < (256 << 10)) {
                Frame f = c.next();
                assertEquals(FrameType.WINDOW, f.type(), f.toString());
                long more = f.as(Messages.Window.class).bytes();
                granted += more;
                synchronized (credit) {
                    credit.addAndGet(more);
                    credit.notifyAll();
                }
            }
            c.send(new Frame(FrameType.PING, 0, "p".getBytes(StandardCharsets.UTF_8)));
            c.sendJson(FrameType.EXEC, 2, Messages.Exec.command("echo other"));
            c.sendJson(FrameType.SIGNAL, 1, new Messages.Signal("INT"));
            boolean pong = false;
            RspTestClient.Result other = new RspTestClient.Result();
            Messages.Exit exit = null;
            while (exit == null || !pong || other.exit == null) {
                Frame f = c.next();
                switch (f.type()) {
                    case PONG -> pong = true;
                    case WINDOW -> assertEquals(1, f.id());
                    case STARTED -> assertEquals(2, f.id());
                    case STDOUT -> other.out.writeBytes(f.payload());
                    case EXIT -> {
                        if (f.id() == 1) {
                            exit = f.as(Messages.Exit.class);
                        } else {
                            other.exit = f.as(Messages.Exit.class);
                        }
                    }
                    default -> throw new AssertionError("unexpected " + f);
                }
            }
            assertEquals("INT", exit.signal());
            assertEquals("other\n", other.out());
            assertTrue(sent.get() <= granted, "the client never sent past the window");
        }
    }

    /**
     * Without windows, a command that does not read holds its client back by TCP at the cap, and when that client
     * goes away its command is killed at once, though its last frames are never read.
     */
    @Test
    void withoutWindowsTcpHoldsTheClientBackAndADropStillKills() throws Exception {
        RspTestClient c = RspTestClient.login(server);
        c.sendJson(FrameType.EXEC, 1, withStdin("sleep 300"));
        long pid = c.next().as(Messages.Started.class).pid();
        AtomicLong sent = new AtomicLong();
        Thread flood = new Thread(() -> {
            byte[] chunk = FrameWriterHelper.stdin(1, Limits.MAX_CHUNK);
            try {
                while (true) {
                    c.sendRaw(chunk);
                    sent.addAndGet(Limits.MAX_CHUNK);
                }
            } catch (IOException e) {
                // Closed by the test.
            }
        }, "flood");
        flood.setDaemon(true);
        flood.start();
        // The flood stalls: the server stopped reading at its cap, and the socket buffers filled up.
        Await.until(Duration.ofSeconds(20), () -> flood.getState() == Thread.State.RUNNABLE && stalled(sent),
                "the flood to be held back");
        assertTrue(sent.get() < (64 << 20), "held back after " + sent.get() + " bytes, not unbounded");
        c.close();
        Await.until(Duration.ofSeconds(5), () -> ProcessTable.liveInSession(pid) == 0,
                "the command of the client that went away to be killed");
        try (RspTestClient d = RspTestClient.login(server)) {
            assertEquals("ok\n", d.exec(1, Messages.Exec.command("echo ok")).out());
        }
    }

    private static long lastSent = -1;
    private static long sameSince;

    /** True once {@code sent} has not moved for a second (the flood blocks inside a socket write). */
    private static boolean stalled(AtomicLong sent) {
        long now = System.nanoTime();
        long s = sent.get();
        if (s != lastSent) {
            lastSent = s;
            sameSince = now;
            return false;
        }
        return now - sameSince > 1_000_000_000L;
    }

    /** Frames as bytes, for a flood that must not go through the test client's reader-side helpers. */
    static final class FrameWriterHelper {
        static byte[] stdin(int id, int len) {
            return io.remoteshell.protocol.FrameWriter.encode(new Frame(FrameType.STDIN, id, new byte[len]));
        }
    }
}
