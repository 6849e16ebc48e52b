package io.remoteshell.server.rsp;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;

/**
 * What an RSP/1 listener serves over: plain TCP (rsp://), or TLS (rsps://, io.remoteshell.server.rsps), where
 * {@code binding} is the SHA-256 of the server certificate that the AUTH mac must cover. The connection handling
 * is the same for both; only the listening socket, the audit name and the binding differ.
 *
 * @param name    the front end's name in the audit log and the server's log: "rsp" or "rsps"
 * @param port    the port to listen on; 0 picks a free one
 * @param sockets makes the unbound listening socket
 * @param binding the channel binding, or null for none (plain TCP)
 */
public record RspTransport(String name, int port, ServerSockets sockets, byte[] binding) {

    /** Makes an unbound listening socket; for TLS one whose accepted sockets are already set up for TLS 1.3. */
    @FunctionalInterface
    public interface ServerSockets {
        ServerSocket create() throws IOException;
    }

    /** Plain TCP on {@code port}. */
    public static RspTransport plain(int port) {
        // A channel's socket: its connections can write direct buffers (FrameWriter#writeReserved) as well as streams.
        return new RspTransport("rsp", port, () -> ServerSocketChannel.open().socket(), null);
    }
}
