package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.Await;
import io.remoteshell.server.Daemon;
import io.remoteshell.server.ProcessTable;
import io.remoteshell.server.RspTestClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * rshelld under -Xmx64m, in a JVM of its own, against the probes that once exhausted it: a stdin flood from
 * clients whose commands never read (and 1 MiB STDIN frames), then 300 idle or dripping connections to each
 * port. It must keep serving, never throw OutOfMemoryError, and come back to its baseline of heap and threads.
 * The figures it prints (PROBE lines) are the ones quoted in the notes.
 */
@Timeout(300)
class SmallHeapProbeTest {

    private static final long SLACK_KIB = 8 << 10;
    private static final int THREAD_SLACK = 3;

    @TempDir
    Path dir;

    private RspTestClient login(Daemon d, Path state) throws IOException {
        String user = System.getProperty("user.name");
        RspTestClient c = RspTestClient.connect(d.rspPort);
        c.auth(user, Files.readString(state.resolve("users").resolve(user).resolve("token")));
        assertEquals(FrameType.AUTH_OK, c.next().type());
        return c;
    }

    @Test
    void aSmallHeapSurvivesTheStdinFloodAndIdleConnectionsAndReturnsToBaseline() throws Exception {
        SshTools.require();
        Path state = dir.resolve("state");
        try (Daemon d = Daemon.start(List.of("-Xmx64m"), "--no-rsps", "--rsp-port", "0", "--ssh-port", "0",
                "--state-dir", state.toString())) {
            Path key = authorize(state);
            try (RspTestClient c = login(d, state)) {
                assertEquals("warm\n", c.exec(1, Messages.Exec.command("echo warm")).out());
            }
            assertEquals(0, ssh(d, key).exit());
            long baseHeap = d.heapKib(true);
            int baseThreads = settledThreads(d, Integer.MAX_VALUE);
            System.err.printf("PROBE baseline: heap %d KiB live, %d threads%n", baseHeap, baseThreads);

            // 1. The stdin flood: 4 connections x 4 commands that never read, fed as fast as TCP allows, plus 1 MiB frames.
            List<RspTestClient> flooders = new ArrayList<>();
            List<Long> pids = new ArrayList<>();
            List<AtomicLong> progress = new ArrayList<>();
            for (int conn = 0; conn < 4; conn++) {
                RspTestClient c = login(d, state);
                flooders.add(c);
                for (int id = 1; id <= 4; id++) {
                    c.sendJson(FrameType.EXEC, id, new Messages.Exec("sleep 300", null, null, null, null, true));
                    pids.add(c.next().as(Messages.Started.class).pid());
                }
                AtomicLong sent = new AtomicLong();
                progress.add(sent);
                byte[][] chunks = new byte[4][];
                for (int id = 1; id <= 4; id++) {
                    chunks[id - 1] = FrameWriter.encode(new Frame(FrameType.STDIN, id, new byte[Limits.MAX_CHUNK]));
                }
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; ; i++) {
                            c.sendRaw(chunks[i % 4]);
                            sent.addAndGet(Limits.MAX_CHUNK);
                        }
                    } catch (IOException e) {
                        // closed by the test
                    }
                }, "flood-" + conn);
                t.setDaemon(true);
                t.start();
            }
            try (RspTestClient big = login(d, state)) {
                big.sendJson(FrameType.EXEC, 1, new Messages.Exec("sleep 300", null, null, null, null, true));
                pids.add(big.next().as(Messages.Started.class).pid());
                byte[] huge = FrameWriter.encode(new Frame(FrameType.STDIN, 1, new byte[Limits.MAX_PAYLOAD]));
                big.sendRaw(huge);
                assertEquals("BAD_FRAME", big.expectError(1).code(), "a STDIN frame over 64 KiB is refused, not queued");
            }
            long[] peak = {0, 0};
            Await.until(Duration.ofSeconds(60), () -> {
                sample(d, peak);
                return stalled(progress);
            }, "every flood to be held back by TCP");
            long floodLive = d.heapKib(true);
            sample(d, peak);
            long flooded = progress.stream().mapToLong(AtomicLong::get).sum();
            System.err.printf("PROBE stdin flood: %d MiB sent before TCP held it back; peak heap %d KiB (live %d KiB), "
                    + "peak %d threads%n", flooded >> 20, peak[0], floodLive, peak[1]);
            // Bounded by the caps: 4 connections x 1 MiB of pending stdin, plus the commands' own pipes and buffers.
            assertTrue(floodLive - baseHeap < 4 * 1024 + SLACK_KIB, "the flood holds bounded memory: " + floodLive + " KiB live");
            try (RspTestClient c = login(d, state)) {
                assertEquals("still\n", c.exec(1, Messages.Exec.command("echo still")).out(), "serving during the flood");
            }
            for (RspTestClient c : flooders) {
                c.close();
            }
            Await.until(Duration.ofSeconds(30), () -> pids.stream().allMatch(p -> ProcessTable.liveInSession(p) == 0),
                    "every flooded command killed when its client left");

            // 2. 300 idle or dripping connections to each port.
            peak[0] = 0;
            peak[1] = 0;
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    Socket r = new Socket("127.0.0.1", d.rspPort);
                    Socket s = new Socket("127.0.0.1", d.sshPort);
                    if (i % 2 == 1) {
                        r.getOutputStream().write(new byte[] {(byte) FrameType.AUTH.code(), 0, 0});
                        s.getOutputStream().write("SSH-2.0-drip".getBytes(StandardCharsets.US_ASCII));
                    }
                    idle.add(r);
                    idle.add(s);
                    if (i % 50 == 0) {
                        sample(d, peak);
                    }
                }
                sample(d, peak);
                try (RspTestClient c = login(d, state)) {
                    assertEquals("in\n", c.exec(1, Messages.Exec.command("echo in")).out(), "an RSP user gets in");
                }
                assertEquals(0, ssh(d, key).exit(), "an SSH user gets in");
                sample(d, peak);
                System.err.printf("PROBE 300 idle/dripping per port: peak heap %d KiB, peak %d threads%n", peak[0], peak[1]);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            int after = settledThreads(d, baseThreads + THREAD_SLACK);
            long afterHeap = d.heapKib(true);
            System.err.printf("PROBE after: heap %d KiB live, %d threads%n", afterHeap, after);
            assertTrue(afterHeap - baseHeap < SLACK_KIB, "heap back to baseline: " + afterHeap + " KiB vs " + baseHeap);
            assertFalse(d.log().contains("OutOfMemoryError"), d.log());
        }
    }

    private static void sample(Daemon d, long[] peak) {
        try {
            peak[0] = Math.max(peak[0], d.heapKib(false));
            peak[1] = Math.max(peak[1], d.threads());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static final List<Long> LAST = new ArrayList<>();
    private static long sameSince;

    /** True once no flood has moved for two seconds: each is blocked in a socket write. */
    private static boolean stalled(List<AtomicLong> progress) {
        List<Long> now = progress.stream().map(AtomicLong::get).toList();
        long t = System.nanoTime();
        if (!now.equals(LAST)) {
            LAST.clear();
            LAST.addAll(now);
            sameSince = t;
            return false;
        }
        return t - sameSince > 2_000_000_000L;
    }

    /**
     * The thread count once idle pool threads have ended (ours linger 2 s; the JDK's process reapers 60 s, so they
     * are not counted): waits until at most {@code limit}.
     */
    private static int settledThreads(Daemon d, int limit) throws IOException {
        int[] n = {Integer.MAX_VALUE};
        try {
            Await.until(Duration.ofSeconds(30), () -> {
                try {
                    n[0] = d.threadsWithoutReapers();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return n[0] <= limit;
            }, "threads back to " + limit);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; threads now: " + threadNames(d), e);
        }
        return n[0];
    }

    /** The daemon's thread names, counted, for a failure message. */
    private static String threadNames(Daemon d) throws IOException {
        java.util.Map<String, Integer> names = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(d.process.pid()), "task"))) {
            for (Path t : tasks.toList()) {
                String name = Files.readString(t.resolve("comm")).strip().replaceAll("\\d+", "N");
                names.merge(name, 1, Integer::sum);
            }
        }
        return names.toString();
    }

    private Path authorize(Path state) throws IOException {
        Path key = SshTools.keygen(dir, "probe_key");
        Path file = state.resolve("users").resolve(System.getProperty("user.name")).resolve("authorized_keys");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Files.readString(Path.of(key + ".pub")));
        return key;
    }

    private SshTools.Result ssh(Daemon d, Path key) {
        return SshTools.run(List.of("ssh", "-F", "/dev/null", "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
                "-o", "StrictHostKeyChecking=accept-new", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=20", "-i", key.toString(), "-p", Integer.toString(d.sshPort),
                System.getProperty("user.name") + "@127.0.0.1", "true"), (byte[]) null, Duration.ofSeconds(60));
    }
}
