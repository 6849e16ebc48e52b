package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that never authenticate have a pool of their own: they cannot hold the door shut for a user who
 * logs in (even from the same address), they do not count against --max-connections, and the log-in deadline
 * covers the whole log-in however slowly its bytes arrive.
 */
@Timeout(120)
class PreAuthLimitTest {

    @TempDir
    Path state;

    private EmbeddedRshelld start(ServerConfig config) throws IOException {
        return EmbeddedRshelld.builder().ssh(false).rsps(false).directory(state)
                .config(c -> config.withRspPort(0).withSshEnabled(false).withRsps(c.rsps()).withStateDir(c.stateDir())).start();
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already closed by the server.
            }
        }
    }

    /** 150 idle connections and 150 that sent half a frame, all from 127.0.0.1 like the user. */
    private static List<Socket> idleAndDripping(int port) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        byte[] half = new byte[5];
        half[0] = (byte) FrameType.AUTH.code();
        for (int i = 0; i < 300; i++) {
            Socket s = new Socket("127.0.0.1", port);
            if (i % 2 == 1) {
                s.getOutputStream().write(half);
            }
            sockets.add(s);
        }
        return sockets;
    }

    @Test
    void threeHundredIdleOrDrippingConnectionsDoNotKeepAUserOut() throws IOException {
        try (EmbeddedRshelld server = start(ServerConfig.defaults())) {
            List<Socket> attack = idleAndDripping(server.rspPort());
            try (RspTestClient c = RspTestClient.login(server)) {
                assertEquals("in\n", c.exec(1, Messages.Exec.command("echo in")).out());
            } finally {
                closeAll(attack);
            }
        }
    }

    @Test
    void unauthenticatedConnectionsDoNotCountAgainstMaxConnections() throws IOException {
        try (EmbeddedRshelld server = start(ServerConfig.defaults().withMaxConnections(2))) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                idle.add(new Socket("127.0.0.1", server.rspPort()));
            }
            try (RspTestClient a = RspTestClient.login(server); RspTestClient b = RspTestClient.login(server)) {
                assertEquals("a\n", a.exec(1, Messages.Exec.command("echo a")).out());
                assertEquals("b\n", b.exec(1, Messages.Exec.command("echo b")).out());
                try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
                    assertEquals("TOO_MANY_CONNECTIONS", c.expectError(0).code(), "the cap counts sessions");
                }
            } finally {
                closeAll(idle);
            }
        }
    }

    @Test
    void perSourceShareDropsThatSourcesOldestFirst() throws IOException {
        ServerConfig config = ServerConfig.defaults().withLimits(ServerLimits.defaults().withMaxStartups(100, 3));
        try (EmbeddedRshelld server = start(config)) {
            List<RspTestClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(RspTestClient.connect(server.rspPort()));
            }
            try {
                assertTrue(clients.get(0).closedByServer(), "the oldest of 4 from one address is dropped at a share of 3");
                clients.get(3).auth(server.user(), server.token());
                assertEquals(FrameType.AUTH_OK, clients.get(3).next().type(), "the newest logs in");
            } finally {
                for (RspTestClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void theDeadlineCoversTheWholeLogInHoweverSlowlyItDrips() throws Exception {
        try (EmbeddedRshelld server = start(ServerConfig.defaults().withAuthTimeout(Duration.ofMillis(800)))) {
            RspTestClient c = RspTestClient.connect(server.rspPort());
            byte[] auth = FrameWriter.encode(Frame.json(FrameType.AUTH, 0, new Messages.Auth("nobody", "x".repeat(40))));
            OutputStream out = c.socket.getOutputStream();
            int sent = 0;
            long start = System.nanoTime();
            try {
                // One byte every 100 ms: each read succeeds long before any per-read timeout would fire.
                for (; sent < auth.length; sent++) {
                    out.write(auth[sent]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException closed) {
                // The server closed it: what we want.
            }
            assertTrue(sent < auth.length, "dropped before the dripped AUTH was complete (" + auth.length + " bytes)");
            Messages.Error e = c.expectError(0);
            assertTrue(e.message().contains("no AUTH within 800 ms"), e.message());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
            c.close();
        }
    }

    /** Unread PONGs must not pile up in the send buffer of a connection nobody logged in on. */
    @Test
    void onlyAFewPingsBeforeAuth() throws IOException {
        try (EmbeddedRshelld server = start(ServerConfig.defaults()); RspTestClient c = RspTestClient.connect(server.rspPort())) {
            for (int i = 0; i < 9; i++) {
                c.send(new Frame(FrameType.PING, 0, new byte[] {(byte) i}));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(FrameType.PONG, c.next().type());
            }
            Messages.Error e = c.expectError(0);
            assertEquals("AUTH_REQUIRED", e.code());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void beforeAuthOkNoFrameOverOneKibIsRead() throws IOException {
        try (EmbeddedRshelld server = start(ServerConfig.defaults()); RspTestClient c = RspTestClient.connect(server.rspPort())) {
            c.send(new Frame(FrameType.AUTH, 0, new byte[Limits.MAX_AUTH_PAYLOAD + 1]));
            Messages.Error e = c.expectError(0);
            assertEquals("FRAME_TOO_LARGE", e.code());
            assertTrue(e.message().contains("1024"), e.message());
            assertTrue(c.closedByServer());
        }
    }
}
