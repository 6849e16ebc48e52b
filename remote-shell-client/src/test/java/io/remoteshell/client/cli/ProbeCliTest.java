package io.remoteshell.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.Jvm;
import io.remoteshell.client.fleet.Inventory;
import io.remoteshell.client.junit.RshelldExtension;
import io.remoteshell.client.udp.Prober;
import io.remoteshell.protocol.Probe;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rshell ping} and {@code rshell discover} as users run them (their own process) against two real rshelld, of
 * which known_hosts knows one, and against a fake responder on loopback that answers in the name of the known one.
 */
@Timeout(120)
class ProbeCliTest {

    @TempDir
    static Path dir;
    // Two servers for the class: the one the tests know, and one they meet for the first time.
    @RegisterExtension
    static RshelldExtension knownServer = RshelldExtension.builder().build();
    @RegisterExtension
    static RshelldExtension strangerServer = RshelldExtension.builder().rsps(false).build();
    static EmbeddedRshelld known;
    static EmbeddedRshelld stranger;

    @BeforeAll
    static void servers() {
        known = knownServer.server();
        stranger = strangerServer.server();
    }

    record Run(int exit, String out, String err) {
    }

    @Test
    void pingPrintsEachRoundTripAndNoLossForAKnownServer() throws Exception {
        Run r = rshell("ping", "-c", "3", "-i", "0", "--known-hosts", known.knownHosts().toString(), "127.0.0.1:" + known.rspPort());
        assertEquals(0, r.exit(), r.toString());
        for (int seq = 1; seq <= 3; seq++) {
            assertTrue(r.out().matches("(?s).*bytes from 127\\.0\\.0\\.1:" + known.rspPort() + ": seq=" + seq + " time=[0-9.]+ ms verified\n.*"),
                    r.out());
        }
        assertTrue(r.out().contains("signature verified with the key known_hosts has for [127.0.0.1]:" + known.sshPort()), r.out());
        assertTrue(r.out().contains("3 probes transmitted, 3 received, 0% loss"), r.out());
        assertTrue(r.out().contains("rtt min/avg/max/mdev = "), r.out());
    }

    @Test
    void pingOfAPortNobodyAnswersIsAllLoss() throws Exception {
        int silent;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silent = s.getLocalPort();
        }
        Run r = rshell("ping", "-c", "2", "-i", "0", "-W", "0.2", "127.0.0.1", "-p", Integer.toString(silent));
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("no reply: seq=1") && r.out().contains("no reply: seq=2"), r.out());
        assertTrue(r.out().contains("2 probes transmitted, 0 received, 100% loss"), r.out());
    }

    @Test
    void aForgedReplyIsReportedAsForgedAndFailsThePing() throws Exception {
        try (Impostor forger = new Impostor(known.hostKeyFingerprint().split(" ")[1])) {
            Run r = rshell("ping", "-c", "1", "--known-hosts", known.knownHosts().toString(), "127.0.0.1:" + forger.port());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("FORGED: its signature does not verify with the key " + known.knownHosts()
                    + " has for [127.0.0.1]:" + known.sshPort()), r.out());
            assertTrue(r.out().contains("1 probes transmitted, 0 received, 100% loss, 1 not genuine"), r.out());
        }
        try (Impostor other = new Impostor("SHA256:" + "A".repeat(43))) {
            Run r = rshell("ping", "-c", "1", "--known-hosts", known.knownHosts().toString(), "127.0.0.1:" + other.port());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("NOT GENUINE: it names another host key than the one"), r.out());
        }
    }

    @Test
    void discoverListsWhoAnswersAndWritesAnInventoryWithoutTheForgedOne() throws Exception {
        Path inventory = dir.resolve("found.ini");
        try (Impostor forger = new Impostor(known.hostKeyFingerprint().split(" ")[1])) {
            int unused;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                unused = s.getLocalPort();
            }
            forger.warmUp();
            Run r = rshell("discover", "127.0.0.1", "-p", known.rspPort() + "," + stranger.rspPort() + "," + forger.port() + "," + unused,
                    "-W", "2", "--known-hosts", known.knownHosts().toString(), "--inventory", inventory.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("127.0.0.1:" + known.rspPort() + "  rshelld 0.1.0  rsp " + known.rspPort() + ", rsps "
                    + known.rspsPort() + ", ssh " + known.sshPort()), r.out());
            assertTrue(r.out().contains("127.0.0.1:" + stranger.rspPort() + "  rshelld 0.1.0  rsp " + stranger.rspPort() + ", ssh "
                    + stranger.sshPort()), r.out());
            assertTrue(r.out().contains("signature not checked: " + known.knownHosts() + " has no key for [127.0.0.1]:" + stranger.sshPort()),
                    r.out());
            assertTrue(r.out().contains("FORGED"), r.out());
            assertTrue(r.out().contains("3 servers answered 4 probes within 2.0 s"), r.out());
            assertTrue(r.out().contains("wrote 2 hosts to " + inventory + " (left out 1 not genuine)"), r.out());
        }
        List<String> hosts = Files.readAllLines(inventory).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(sortedAfterHeader(List.of("[rshelld]",
                "127.0.0.1_" + known.rspPort() + " ansible_host=127.0.0.1 ansible_port=" + known.sshPort() + " rshell_rsp_port="
                        + known.rspPort() + " rshell_rsps_port=" + known.rspsPort(),
                "127.0.0.1_" + stranger.rspPort() + " ansible_host=127.0.0.1 ansible_port=" + stranger.sshPort() + " rshell_rsp_port="
                        + stranger.rspPort())), sortedAfterHeader(hosts));
        // What rshell --hosts makes of it: ssh (Ansible's default) to each server's own SSH port.
        List<String> targets = Inventory.read(inventory).hosts().stream().map(Inventory.Host::target).sorted().toList();
        assertEquals(List.of("ssh://127.0.0.1:" + known.sshPort(), "ssh://127.0.0.1:" + stranger.sshPort()).stream().sorted().toList(),
                targets);
    }

    private static List<String> sortedAfterHeader(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines.subList(1, lines.size()));
        sorted.sort(null);
        sorted.add(0, lines.get(0));
        return sorted;
    }

    /**
     * Answers every probe in the name of the known server (its ports, the given SSH key fingerprint) with a signature
     * of the right shape that no key made: what an attacker on the path, or a spoofer, can send.
     */
    static final class Impostor implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        private final Thread thread;

        Impostor(String fingerprint) throws SocketException {
            thread = new Thread(() -> {
                byte[] buf = new byte[2048];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        String nonce = Probe.parseRequest(ByteBuffer.wrap(p.getData(), 0, p.getLength())).orElseThrow();
                        byte[] reply = Probe.encodeReply(new Probe.Reply("rshelld 0.1.0", nonce,
                                Map.of("rsp", socket.getLocalPort(), "ssh", known.sshPort()), Map.of("ssh", fingerprint), fakeSignature()));
                        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "impostor");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** One probe answered, so that this JVM's JSON and crypto classes are loaded before a test's timeout runs. */
        void warmUp() throws IOException {
            try (Prober prober = Prober.open()) {
                prober.send(new InetSocketAddress("127.0.0.1", port()), "warm");
                assertTrue(prober.receive(Duration.ofSeconds(30)).isPresent(), "the impostor answers");
            }
        }

        private static byte[] fakeSignature() throws IOException {
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(blob);
            out.writeInt(11);
            out.write("ssh-ed25519".getBytes(UTF_8));
            out.writeInt(64);
            out.write(new byte[64]);
            return blob.toByteArray();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(5_000);
        }
    }

    private static Run rshell(String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>(Jvm.command(Rshell.class.getName(), "-Duser.home=" + home));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rshell did not finish: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }
}
