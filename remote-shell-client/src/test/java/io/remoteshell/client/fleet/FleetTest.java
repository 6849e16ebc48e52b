package io.remoteshell.client.fleet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectFailedException;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.Deadline;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.RemoteShell;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The library's fan-out against real servers: RSP/1, rsps and SSH hosts mixed, a host that is down, one that hangs. */
@Timeout(60)
class FleetTest {

    @TempDir
    static Path dir;
    static FleetServers net;

    @BeforeAll
    static void start() throws IOException {
        net = new FleetServers(dir, 2);
    }

    @AfterAll
    static void stop() throws IOException {
        net.close();
    }

    private static Fleet.Builder mixed() {
        return Fleet.builder()
                .host("a-rsp", net.rsp(0))
                .host("a-rsps", net.rsps(0))
                .host("a-ssh", net.ssh(0))
                .host("b-rsp", net.rsp(1))
                .host("b-ssh", net.ssh(1));
    }

    @Test
    void oneResultPerHostWithSucceededAndFailedViews() throws IOException {
        int bSsh = net.servers.get(1).sshPort();
        // Only b's SSH front end exits 2: SSH_CONNECTION ends with the server's port.
        String line = "echo out; echo err >&2; case \"$SSH_CONNECTION\" in *' " + bSsh + "') exit 2;; esac";
        try (Fleet fleet = mixed()
                .host("down", timeout -> RemoteShell.connect(URI.create("rsp://alice@127.0.0.1:" + net.downPort),
                        Credentials.token("x"), timeout))
                .host("wrong-token", timeout -> RemoteShell.connect(net.servers.get(0).rspUri(), Credentials.token("nope"), timeout))
                .build()) {
            FleetResult r = fleet.exec(line);

            assertEquals(List.of("a-rsp", "a-rsps", "a-ssh", "b-rsp", "b-ssh", "down", "wrong-token"), List.copyOf(r.all().keySet()));
            assertEquals(List.of("a-rsp", "a-rsps", "a-ssh", "b-rsp"), List.copyOf(r.succeeded().keySet()));
            for (ExecResult ok : r.succeeded().values()) {
                assertEquals("out\n", ok.stdoutText());
                assertEquals("err\n", ok.stderrText());
            }
            assertEquals(List.of("b-ssh", "down", "wrong-token"), List.copyOf(r.failed().keySet()));
            HostResult exit2 = r.get("b-ssh");
            assertEquals(2, exit2.result().orElseThrow().exitCode());
            assertEquals("out\n", exit2.result().orElseThrow().stdoutText(), "a failed host's output is kept too");
            assertTrue(exit2.connected() && exit2.failure().isEmpty());

            HostResult down = r.get("down");
            assertFalse(down.connected());
            assertInstanceOf(ConnectFailedException.class, down.failure().orElseThrow());
            assertTrue(down.result().isEmpty());
            assertInstanceOf(AuthenticationException.class, r.get("wrong-token").failure().orElseThrow());
            assertFalse(r.isSuccess());
        }
    }

    @Test
    void sessionsStayOpenBetweenOperationsAndFilesFanOut() throws IOException {
        Path local = Files.writeString(dir.resolve("payload.txt"), "payload\n");
        try (Fleet fleet = mixed().build()) {
            String remoteDir = dir.resolve("remote").toString();
            Files.createDirectories(Path.of(remoteDir));
            FleetResult put = fleet.each((host, session) -> session.put(local, remoteDir + "/" + host + ".txt"));
            assertTrue(put.isSuccess(), put.toString());
            for (String host : fleet.hosts()) {
                assertEquals("payload\n", Files.readString(Path.of(remoteDir, host + ".txt")));
            }
            FleetResult get = fleet.each((host, session) -> session.get(remoteDir + "/" + host + ".txt", dir.resolve("back-" + host)));
            assertTrue(get.isSuccess(), get.toString());
            assertEquals("payload\n", Files.readString(dir.resolve("back-b-ssh")));
            assertTrue(fleet.exec(Command.argv("true")).isSuccess());
        }
    }

    @Test
    void atMostParallelismHostsRunAtOnce() throws IOException {
        Path lock = dir.resolve("one-at-a-time");
        // mkdir is atomic: a host that finds the lock taken while it should be alone exits 9.
        String line = "mkdir " + lock + " || exit 9; sleep 0.2; rmdir " + lock;
        try (Fleet fleet = mixed().parallelism(1).build()) {
            FleetResult r = fleet.exec(line);
            assertTrue(r.isSuccess(), "no host ran while another did: " + r);
        }
    }

    @Test
    void hostTimeoutKillsTheSlowHostAndAHungHostTimesOutWhileConnecting() throws IOException {
        int aSsh = net.servers.get(0).sshPort();
        String marker = "fleet-timeout-" + System.nanoTime();
        String line = "case \"$SSH_CONNECTION\" in *' " + aSsh + "') sleep 120; : " + marker + ";; esac; echo quick";
        // The limit leaves a loaded machine time to connect over SSH; the slow host would sleep far beyond it.
        try (Fleet fleet = mixed()
                .host("hung", timeout -> RemoteShell.connect(URI.create("rsp://alice@127.0.0.1:" + net.blackHolePort()),
                        Credentials.token("x"), timeout))
                .hostTimeout(Duration.ofSeconds(10)).build()) {
            FleetResult r = fleet.exec(line);
            assertEquals(List.of("a-ssh", "hung"), List.copyOf(r.failed().keySet()), r.toString());
            assertTrue(r.get("a-ssh").timedOut() && r.get("a-ssh").connected());
            assertInstanceOf(HostTimeoutException.class, r.get("a-ssh").failure().orElseThrow());
            assertTrue(r.get("hung").timedOut());
            assertFalse(r.get("hung").connected());
            assertEquals("quick\n", r.succeeded().get("b-ssh").stdoutText());
            Processes.awaitNone(marker);
            // The timed-out host connects again for the next operation.
            assertTrue(fleet.exec("true").get("a-ssh").isSuccess());
        }
    }

    @Test
    void streamingListenerGetsEachHostsBytesInOrderAndEachResultOnce() throws IOException {
        Map<String, StringBuilder> out = new ConcurrentHashMap<>();
        Map<String, Thread> busy = new ConcurrentHashMap<>();
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger overlaps = new AtomicInteger();
        try (Fleet fleet = mixed().build()) {
            FleetResult r = fleet.exec(Command.shell("for i in 1 2 3 4 5; do echo $i; echo e$i >&2; done"), new FleetListener() {
                @Override
                public void stdout(String host, byte[] bytes, int offset, int length) {
                    take(host, new String(bytes, offset, length, UTF_8));
                }

                @Override
                public void stderr(String host, byte[] bytes, int offset, int length) {
                    take(host, "");
                }

                private void take(String host, String text) {
                    if (busy.putIfAbsent(host, Thread.currentThread()) != null) {
                        overlaps.incrementAndGet();
                    }
                    out.computeIfAbsent(host, h -> new StringBuilder()).append(text);
                    busy.remove(host);
                }

                @Override
                public void finished(HostResult result) {
                    finished.add(result.host());
                }
            });
            assertTrue(r.isSuccess(), r.toString());
            assertEquals(0, overlaps.get(), "calls for one host never overlap");
            for (String host : fleet.hosts()) {
                assertEquals("1\n2\n3\n4\n5\n", out.get(host).toString(), host);
                assertEquals(0, r.get(host).result().orElseThrow().stdout().length, "streamed results carry no bytes");
            }
            assertEquals(5, finished.size());
        }
    }

    @Test
    void cancelKillsEveryRunningCommandAndSkipsTheRest() throws Exception {
        String marker = "fleet-cancel-" + System.nanoTime();
        long[] marks = net.marks();
        try (Fleet fleet = mixed().parallelism(3).build()) {
            CompletableFuture<FleetResult> running = CompletableFuture.supplyAsync(() -> fleet.exec("sleep 30; : " + marker));
            Deadline.await(Duration.ofSeconds(20), "three commands running", () -> Processes.count(marker) == 3);
            fleet.cancel();
            FleetResult r = running.get();
            for (HostResult h : r) {
                assertInstanceOf(InterruptedIOException.class, h.failure().orElseThrow(), h.toString());
            }
            Processes.awaitNone(marker);
            assertEquals(List.of(), net.leftovers(marks), "no server has a command of this test still running");
        }
    }
}
