package io.remoteshell.server.udp;

import io.remoteshell.protocol.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers UDP probes (liveness and discovery) on the RSP port number: one platform thread blocked in
 * {@link DatagramChannel#receive} on one buffer, whatever the traffic. Only well-formed requests of
 * {@link Probe#MIN_REQUEST} to {@link Probe#MAX_REQUEST} bytes are answered, each with one signed reply
 * that is never longer than the request (a spoofed source gains no amplification), within
 * {@link ReplyRateLimit}'s bounds; everything else is dropped without a word, as is anything from a
 * privileged source port (echo, chargen, DNS and the like: the reflection loops of old UDP services).
 */
public final class ProbeResponder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeResponder.class);
    private static final int LOWEST_CLIENT_PORT = 1024;

    private final DatagramChannel channel;
    private final ProbeIdentity identity;
    private final ReplyRateLimit limit = new ReplyRateLimit(System.nanoTime());
    /** One more byte than the longest request, so a longer datagram shows as too long instead of being cut silently. */
    private final ByteBuffer in = ByteBuffer.allocate(Probe.MAX_REQUEST + 1);
    private final Thread thread;

    private ProbeResponder(DatagramChannel channel, ProbeIdentity identity) {
        this.channel = channel;
        this.identity = identity;
        this.thread = new Thread(this::serve, "udp-probe");
        thread.setDaemon(true);
    }

    /** Binds UDP {@code address:port} and starts answering. */
    public static ProbeResponder start(String address, int port, ProbeIdentity identity) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen for UDP probes on " + address + ":" + port + ": " + e.getMessage()
                    + " (another program has that UDP port; free it, or start with --no-udp)", e);
        }
        ProbeResponder responder = new ProbeResponder(channel, identity);
        responder.thread.start();
        return responder;
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private void serve() {
        // The first signature loads the crypto classes (a second on a busy machine); pay it now, not in the first RTT.
        identity.signer().apply(new byte[0]);
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                in.flip();
                if (from instanceof InetSocketAddress source) {
                    answer(source);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // One bad datagram or a refused send (ICMP unreachable) must not stop the responder.
                LOG.debug("udp probe: {}", e.toString());
            }
        }
    }

    private void answer(InetSocketAddress source) throws IOException {
        int length = in.remaining();
        if (!answersSource(source)) {
            return;
        }
        Optional<String> nonce = Probe.parseRequest(in);
        if (nonce.isEmpty() || !limit.allow(source.getAddress(), System.nanoTime())) {
            return;
        }
        byte[] signed = Probe.signedBytes(identity.server(), nonce.get(), identity.ports(), identity.hostKeys());
        byte[] reply = Probe.encodeReply(new Probe.Reply(identity.server(), nonce.get(), identity.ports(), identity.hostKeys(),
                identity.signer().apply(signed)));
        if (reply.length <= length) {
            channel.send(ByteBuffer.wrap(reply), source);
        }
    }

    /** Clients send from ephemeral ports; a privileged source port is an old UDP service a spoofer wants us to hit. */
    static boolean answersSource(InetSocketAddress source) {
        return source.getPort() >= LOWEST_CLIENT_PORT;
    }

    @Override
    public void close() {
        try {
            channel.close();
            thread.join(5_000);
        } catch (IOException e) {
            LOG.warn("closing the UDP probe socket: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
