package io.remoteshell.client.ssh;

import io.remoteshell.client.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.StreamCorruptedException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Names the mistake when the server at an ssh:// address did not greet with an SSH banner: most often it is rshelld's
 * RSP/1 port, whose first frame is a HELLO naming its protocol. Looked at once more, only after SSH failed that way.
 */
final class NotSshProbe {

    private static final Duration WAIT = Duration.ofSeconds(3);

    private NotSshProbe() {
    }

    /** Whether MINA gave up on the server's identification line: what a non-SSH server causes. */
    static boolean isBadIdentification(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamCorruptedException && String.valueOf(t.getMessage()).toLowerCase().contains("identification")) {
                return true;
            }
        }
        return false;
    }

    /** What to tell the user about {@code endpoint}, which does not speak SSH. */
    static String explain(Endpoint endpoint) {
        String rsp = "rsp://" + endpoint.user() + "@" + endpoint.hostPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            InputStream in = socket.getInputStream();
            // RSP/1's HELLO: type 0x01, id 0, a length, then JSON naming the protocol.
            byte[] header = in.readNBytes(9);
            if (header.length == 9 && header[0] == 0x01) {
                int length = java.nio.ByteBuffer.wrap(header, 5, 4).getInt();
                String json = new String(in.readNBytes(Math.max(0, Math.min(length, 4096))), StandardCharsets.UTF_8);
                if (json.contains("\"rsp/")) {
                    return endpoint.hostPort() + " is an RSP/1 port, not SSH: use " + rsp;
                }
            }
        } catch (IOException e) {
            // It went away; the general answer below still holds.
        }
        return endpoint.hostPort() + " does not speak SSH (no SSH banner): check the port; for rshelld's RSP/1 port use " + rsp;
    }
}
