package io.remoteshell.client.udp;

import io.remoteshell.client.ssh.KnownHostSignatures;
import io.remoteshell.protocol.Probe;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The client half of the UDP probe: sends padded requests from one socket (to single hosts or a broadcast
 * address) and reads the replies that come back to it. Each request has a fresh random nonce; a reply is
 * only passed on when it parses, and a caller matches it to its request by that nonce. Whether a reply is
 * genuine is a separate question, answered from known_hosts ({@link #verdict}).
 */
public final class Prober implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A reply as it arrived: from where, when ({@link System#nanoTime()}), its size in bytes, and what it said. */
    public record Reply(InetSocketAddress from, long receivedNanos, int length, Probe.Reply reply) {
    }

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[Probe.MAX_REQUEST + 1];

    private Prober(DatagramSocket socket) {
        this.socket = socket;
    }

    /** A socket on an ephemeral port of any address, allowed to send to broadcast addresses. */
    public static Prober open() throws IOException {
        DatagramSocket socket = new DatagramSocket();
        socket.setBroadcast(true);
        return new Prober(socket);
    }

    /** A nonce for one request: 16 random bytes in base64url (22 characters). */
    public static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Sends one request of {@link Probe#CLIENT_REQUEST} bytes. */
    public void send(InetSocketAddress to, String nonce) throws IOException {
        byte[] request = Probe.request(nonce, Probe.CLIENT_REQUEST);
        socket.send(new DatagramPacket(request, request.length, to));
    }

    /**
     * The next reply that parses, waiting at most {@code wait} (replies already queued are returned even when it is
     * zero); empty when none came in time. Datagrams that do not
     * parse, or that are longer than a request could be (no genuine reply is), are skipped.
     */
    public Optional<Reply> receive(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            // Past the deadline, what has already arrived is still read (a 1 ms look); only then is it "no reply".
            long left = deadline - System.nanoTime();
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            long at = System.nanoTime();
            Optional<Probe.Reply> reply = Probe.parseReply(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
            if (reply.isPresent() && packet.getSocketAddress() instanceof InetSocketAddress from) {
                return Optional.of(new Reply(from, at, packet.getLength(), reply.get()));
            }
        }
    }

    /**
     * What the SSH host key recorded in {@code knownHosts} for {@code host} (at the reply's SSH port, 22 when it
     * names none) says of the reply's signature. A reply that names no SSH key cannot be checked: unknown.
     */
    public static KnownHostSignatures.Verdict verdict(Probe.Reply reply, String host, Path knownHosts) {
        String fingerprint = reply.hostKeys().get("ssh");
        if (fingerprint == null) {
            return KnownHostSignatures.Verdict.UNKNOWN_HOST;
        }
        return KnownHostSignatures.check(knownHosts, host, reply.ports().getOrDefault("ssh", 22), fingerprint, reply.signed(),
                reply.sig());
    }

    @Override
    public void close() {
        socket.close();
    }
}
