package io.remoteshell.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Probe;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The UDP probe against a real rshelld (RSP/1, rsps and SSH on): a genuine request gets one reply, signed with the SSH
 * host key (checked here with the JDK's own Ed25519, not the server's code) and never longer than the request; short,
 * malformed, oversized and flooding datagrams get nothing more. "Nothing" is shown without waiting for silence: the
 * server answers datagrams in order on one thread, so when the reply to a good probe sent afterwards is the first
 * datagram to come back, nothing was sent for the ones before it. Each test sends from a loopback address of its own
 * (127.0.0.0/8 is all loopback on Linux), so that one test's use of the per-address rate limit does not starve another.
 */
@Timeout(60)
class UdpProbeTest {

    private static final int WAIT_MS = 10_000;
    static EmbeddedRshelld server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static InetSocketAddress udp() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.rspPort());
    }

    @Test
    void aProbeGetsOneReplyNamingEveryFrontEndSignedWithTheSshHostKey() throws Exception {
        try (DatagramSocket socket = socket("127.0.0.1")) {
            byte[] request = Probe.request("nonce-1", Probe.CLIENT_REQUEST);
            send(socket, request);
            DatagramPacket reply = receive(socket);
            assertTrue(reply.getLength() <= request.length, "reply of " + reply.getLength() + " bytes to a " + request.length + "-byte request");
            Probe.Reply r = Probe.parseReply(ByteBuffer.wrap(reply.getData(), 0, reply.getLength())).orElseThrow();
            assertEquals("nonce-1", r.nonce());
            assertEquals("rshelld 0.1.0", r.server());
            assertEquals(Map.of("rsp", server.rspPort(), "rsps", server.rspsPort(), "ssh", server.sshPort()), r.ports());
            assertEquals(Map.of("ssh", server.hostKeyFingerprint().split(" ")[1], "rsps", server.rspsFingerprint()), r.hostKeys());
            assertTrue(verifiesWithKnownHostsKey(r.signed(), r.sig()), "the signature verifies with the key in known_hosts");
            byte[] tampered = Probe.signedBytes(r.server(), r.nonce(), Map.of("rsp", 1, "ssh", server.sshPort()), r.hostKeys());
            assertFalse(verifiesWithKnownHostsKey(tampered, r.sig()), "the ports are signed too");
        }
    }

    @Test
    void shortMalformedAndOversizedDatagramsAreDroppedWithoutAReply() throws Exception {
        String good = new String(Probe.request("ok", Probe.CLIENT_REQUEST), StandardCharsets.US_ASCII);
        List<byte[]> bad = new ArrayList<>(List.of(
                new byte[0],
                "x".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(Probe.request("short", Probe.MIN_REQUEST), Probe.MIN_REQUEST - 1),
                filler(Probe.CLIENT_REQUEST, (byte) 'A'),
                good.replace("rsp/1", "rsp/9").getBytes(StandardCharsets.US_ASCII),
                good.replace("\"nonce\":\"ok\"", "\"nonce\":\"" + "n".repeat(Probe.MAX_NONCE + 1) + "\"").getBytes(StandardCharsets.US_ASCII),
                good.replace("\"nonce\":\"ok\"", "\"nonce\":\"a\\nb\"").getBytes(StandardCharsets.US_ASCII),
                good.replace("\"nonce\":\"ok\"", "\"nonce\":7").getBytes(StandardCharsets.US_ASCII),
                ("[" + good.substring(1, good.length() - 1) + "]").getBytes(StandardCharsets.US_ASCII),
                (good + "{}").getBytes(StandardCharsets.US_ASCII),
                invalidUtf8(good),
                padded("big", Probe.MAX_REQUEST + 1),
                padded("huge", 8000)));
        try (DatagramSocket socket = socket("127.0.0.3")) {
            for (byte[] datagram : bad) {
                send(socket, datagram);
            }
            send(socket, Probe.request("sentinel", Probe.CLIENT_REQUEST));
            assertEquals("sentinel", nonceOf(receive(socket)), "the first reply is the sentinel's: none of the bad datagrams got one");
        }
    }

    @Test
    void aReplyThatWouldNotFitInTheRequestIsNotSent() throws Exception {
        try (DatagramSocket socket = socket("127.0.0.4")) {
            // Well-formed, but 256 bytes cannot carry three ports, two fingerprints and a signature.
            send(socket, Probe.request("tight", Probe.MIN_REQUEST));
            byte[] exact = Probe.request("exact", Probe.MAX_REQUEST);
            send(socket, exact);
            DatagramPacket reply = receive(socket);
            assertEquals("exact", nonceOf(reply));
            assertTrue(reply.getLength() <= exact.length);
        }
    }

    @Test
    void aFloodFromOneAddressIsRateLimitedAndOtherAddressesAreStillAnswered() throws Exception {
        int sent = 100;
        try (DatagramSocket flooder = socket("127.0.0.5"); DatagramSocket other = socket("127.0.0.6")) {
            long start = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                send(flooder, Probe.request("flood" + i, Probe.CLIENT_REQUEST));
            }
            // The other address's probe is queued behind the flood: when its reply is here, every flood datagram was handled.
            send(other, Probe.request("other", Probe.CLIENT_REQUEST));
            assertEquals("other", nonceOf(receive(other)), "another source address is answered during a flood");
            double elapsed = (System.nanoTime() - start) / 1e9;
            int replies = 0;
            flooder.setSoTimeout(1);
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                    flooder.receive(p);
                    assertTrue(p.getLength() <= Probe.CLIENT_REQUEST);
                    replies++;
                }
            } catch (SocketTimeoutException e) {
                // All the replies sent before "other"'s are queued on the socket by now.
            }
            double bound = ReplyRateLimit.BURST + ReplyRateLimit.PER_SECOND * elapsed;
            assertTrue(replies >= 1 && replies <= bound,
                    replies + " replies to " + sent + " probes in " + elapsed + " s; the limit allows at most " + bound);
        }
    }

    @Test
    void noUdpMeansNothingListensOnTheUdpPort() throws Exception {
        try (EmbeddedRshelld quiet = EmbeddedRshelld.builder().rsps(false).config(c -> c.withUdpEnabled(false)).start();
             DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), quiet.rspPort()));
            channel.write(ByteBuffer.wrap(Probe.request("anyone", Probe.CLIENT_REQUEST)));
            // Linux answers a datagram to a closed UDP port with ICMP port unreachable, which a connected channel reports.
            assertThrows(PortUnreachableException.class, () -> channel.read(ByteBuffer.allocate(2048)));
        }
    }

    @Test
    void privilegedSourcePortsAreNeverAnswered() {
        assertFalse(ProbeResponder.answersSource(new InetSocketAddress("127.0.0.1", 7)), "echo");
        assertFalse(ProbeResponder.answersSource(new InetSocketAddress("127.0.0.1", 53)), "DNS");
        assertFalse(ProbeResponder.answersSource(new InetSocketAddress("127.0.0.1", 0)));
        assertTrue(ProbeResponder.answersSource(new InetSocketAddress("127.0.0.1", 1024)));
        assertTrue(ProbeResponder.answersSource(new InetSocketAddress("127.0.0.1", 50000)));
    }

    private static DatagramSocket socket(String address) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0));
        s.setSoTimeout(WAIT_MS);
        return s;
    }

    private static void send(DatagramSocket socket, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, udp()));
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[9000], 9000);
        socket.receive(p);
        return p;
    }

    private static String nonceOf(DatagramPacket p) {
        Optional<Probe.Reply> r = Probe.parseReply(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
        return r.orElseThrow(() -> new AssertionError("not a probe reply: " + new String(p.getData(), 0, p.getLength(),
                StandardCharsets.UTF_8))).nonce();
    }

    private static byte[] filler(int size, byte b) {
        byte[] a = new byte[size];
        Arrays.fill(a, b);
        return a;
    }

    private static byte[] padded(String nonce, int size) {
        String head = "{\"probe\":\"rsp/1\",\"nonce\":\"" + nonce + "\",\"pad\":\"";
        return (head + ".".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] invalidUtf8(String good) {
        byte[] b = good.getBytes(StandardCharsets.US_ASCII);
        b[b.length - 10] = (byte) 0xC3; // a lead byte followed by '.', not a continuation byte
        return b;
    }

    /** Ed25519 with the JDK alone: the key from known_hosts, the signature from the SSH blob (RFC 8709). */
    private static boolean verifiesWithKnownHostsKey(byte[] signed, byte[] blob) throws Exception {
        String line = Files.readAllLines(server.knownHosts()).get(0);
        ByteBuffer keyBlob = ByteBuffer.wrap(Base64.getDecoder().decode(line.split(" ")[2]));
        assertEquals("ssh-ed25519", new String(string(keyBlob), StandardCharsets.US_ASCII));
        byte[] raw = string(keyBlob);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw))));
        ByteBuffer sig = ByteBuffer.wrap(blob);
        assertEquals("ssh-ed25519", new String(string(sig), StandardCharsets.US_ASCII));
        byte[] rawSig = string(sig);
        assertEquals(64, rawSig.length);
        assertFalse(sig.hasRemaining());
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(signed);
        return verifier.verify(rawSig);
    }

    private static byte[] string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return s;
    }
}
