package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH port's unauthenticated connections have a pool of their own too: idle or dripping ones cannot keep a
 * user out, none outlives the log-in deadline, and wrong keys from an address do not lock out a right one.
 */
@Timeout(180)
class SshPreAuthLimitTest {

    @TempDir
    Path dir;

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already closed by the server.
            }
        }
    }

    @Test
    void threeHundredIdleOrDrippingConnectionsDoNotKeepAUserOut() throws Exception {
        try (SshFixture f = SshFixture.start(dir, c -> c.withSshEnabled(true))) {
            List<Socket> attack = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    Socket s = new Socket("127.0.0.1", f.port());
                    if (i % 2 == 1) {
                        s.getOutputStream().write("SSH-2.0-drip".getBytes(StandardCharsets.US_ASCII));
                    }
                    attack.add(s);
                }
                SshTools.Result r = f.run("echo", "in");
                assertEquals(0, r.exit(), r.toString());
                assertEquals("in\n", r.out());
            } finally {
                closeAll(attack);
            }
        }
    }

    @Test
    void theDeadlineCoversTheWholeLogInHoweverSlowlyItDrips() throws Exception {
        try (SshFixture f = SshFixture.start(dir, c -> c.withAuthTimeout(Duration.ofSeconds(1)))) {
            try (Socket s = new Socket("127.0.0.1", f.port())) {
                s.setSoTimeout(100);
                InputStream in = s.getInputStream();
                byte[] banner = "SSH-2.0-drip-drip-drip-drip-drip-drip-drip-drip-drip-drip-drip-drip\r\n"
                        .getBytes(StandardCharsets.US_ASCII);
                boolean closed = false;
                int sent = 0;
                // One byte every 100 ms (the read timeout paces it): traffic never stops, yet the log-in must end.
                for (; sent < banner.length && !closed; sent++) {
                    try {
                        s.getOutputStream().write(banner[sent]);
                        while (in.read() >= 0) {
                            // the server's own banner
                        }
                        closed = true;
                    } catch (SocketTimeoutException e) {
                        // nothing from the server for 100 ms: drip on
                    } catch (IOException e) {
                        closed = true;
                    }
                }
                assertTrue(closed, "closed before the dripped banner (" + banner.length + " bytes) was complete; sent " + sent);
            }
        }
    }

    @Test
    void wrongKeysFromAnAddressDoNotLockOutTheRightOne() throws Exception {
        try (SshFixture f = SshFixture.start(dir, c -> c)) {
            Path mallory = SshTools.keygen(dir, "mallory_key");
            for (int i = 0; i < 12; i++) {
                List<String> cmd = new ArrayList<>(List.of("ssh"));
                cmd.addAll(f.options(mallory));
                cmd.addAll(List.of("-p", Integer.toString(f.port()), SshFixture.USER + "@127.0.0.1", "true"));
                SshTools.Result r = SshTools.run(cmd, (byte[]) null, Duration.ofSeconds(60));
                assertNotEquals(0, r.exit(), "mallory's key is not authorized");
            }
            SshTools.Result r = f.run("echo", "in");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("in\n", r.out());
        }
    }
}
