package io.remoteshell.client.rsp;

import io.remoteshell.client.Endpoint;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * How a connected TCP socket becomes the stream RSP/1 is spoken over: as it is (rsp://), or inside TLS
 * ({@link TlsTransport}, rsps://), which also gives the channel binding the AUTH mac must cover.
 */
interface Transport {

    /** The socket to speak RSP/1 over, and the channel binding (null: none). */
    record Secured(Socket socket, byte[] binding) {
    }

    Secured secure(Socket tcp, Endpoint endpoint, Duration timeout) throws IOException;

    Transport PLAIN = (tcp, endpoint, timeout) -> new Secured(tcp, null);
}
