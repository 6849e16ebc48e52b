package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many clients at once, bounded in count: 100 RSP/1 connections and 20 SSH connections, each running 50 commands in a
 * row, all at the same time against one server. No request may fail, the audit log must hold exactly one valid JSON
 * line per request, and afterwards the server's file descriptors, threads and child processes must be back where they
 * were, with no zombie left.
 */
@Timeout(300)
class SoakTest {

    private static final int RSP_CONNECTIONS = 100;
    private static final int SSH_CONNECTIONS = 20;
    private static final int EXECS = 50;
    /**
     * What may differ from the baseline without being a leak: pools that grow and shrink on their own (the JDK's
     * common pool, MINA's timers) and descriptors the JVM opens for itself (class files, /proc reads).
     */
    private static final int THREAD_SLACK = 8;
    private static final int FD_SLACK = 16;
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hundredsOfConnectionsAtOnceLeaveNothingBehind() throws Exception {
        // All clients come from 127.0.0.1 at once: the log-in gate (50 unauthenticated per address by default) is
        // widened so that this test measures what sessions cost, not the gate, which has tests of its own.
        try (EmbeddedRshelld server = EmbeddedRshelld.builder().maxConnections(256)
                .config(c -> c.withLimits(c.limits().withMaxStartups(256, 256))).start()) {
            Path knownHosts = server.directory().resolve("soak_known_hosts");
            // Warm up both transports first, so that the baseline includes the pools a first connection starts.
            run(server, false, knownHosts, -1);
            run(server, true, knownHosts, -1);
            // A request's audit line may land just after its client saw the exit: wait for the warm-ups' two.
            Deadline.await(SETTLE, "the warm-ups' audit lines", () -> auditLines(server).size() >= 2);
            Resources baseline = Resources.now();
            long auditBefore = auditLines(server).size();

            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < RSP_CONNECTIONS + SSH_CONNECTIONS; c++) {
                int connection = c;
                boolean ssh = c >= RSP_CONNECTIONS;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        run(server, ssh, knownHosts, connection);
                    } catch (Exception | AssertionError e) {
                        errors.add((ssh ? "ssh" : "rsp") + " connection " + connection + ": " + e);
                    }
                }, "soak-client-" + c);
                t.start();
                clients.add(t);
            }
            go.countDown();
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(List.of(), List.copyOf(errors));

            int requests = (RSP_CONNECTIONS + SSH_CONNECTIONS) * EXECS;
            Deadline.await(SETTLE, "one audit line per request", () -> auditLines(server).size() - auditBefore >= requests);
            List<String> lines = auditLines(server);
            assertEquals(requests, lines.size() - auditBefore, "exactly one audit line per request");
            long rsp = 0;
            long ssh = 0;
            for (String line : lines.subList((int) auditBefore, lines.size())) {
                JsonNode entry = JSON.readTree(line); // each line is one valid JSON object
                assertEquals("exec", entry.path("kind").asText(), line);
                assertEquals(0, entry.path("code").asInt(-1), line);
                rsp += entry.path("front_end").asText().equals("rsp") ? 1 : 0;
                ssh += entry.path("front_end").asText().equals("ssh") ? 1 : 0;
            }
            assertEquals((long) RSP_CONNECTIONS * EXECS, rsp);
            assertEquals((long) SSH_CONNECTIONS * EXECS, ssh);

            Deadline.await(SETTLE, "file descriptors, threads and processes back to the baseline " + baseline,
                    () -> Resources.now().within(baseline));
            assertEquals(0, Resources.zombies(), "zombie children");
        }
    }

    /** One connection running {@link #EXECS} commands in a row (one, for a warm-up: {@code connection} -1). */
    private static void run(EmbeddedRshelld server, boolean ssh, Path knownHosts, int connection) throws IOException {
        try (Session session = ssh
                ? RemoteShell.connect(server.sshUri(), Credentials.sshKeys(List.of(server.privateKey()), SecretPrompt.NONE),
                        HostKeys.acceptNew(knownHosts))
                : RemoteShell.connect(server.rspUri(), Credentials.tokenFile(server.tokenFile()))) {
            int n = connection < 0 ? 1 : EXECS;
            for (int i = 0; i < n; i++) {
                String word = "c" + connection + "-" + i;
                ExecResult r = session.exec(Command.argv("echo", word));
                assertEquals(0, r.exitCode(), word + ": " + r);
                assertEquals(word + "\n", r.stdoutText(), word);
            }
        }
    }

    private static List<String> auditLines(EmbeddedRshelld server) {
        try {
            return Files.readAllLines(server.auditLog()).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What this JVM (the server runs in it) holds: open file descriptors, live threads, child processes. */
    private record Resources(long fds, int threads, long children) {

        static Resources now() {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return new Resources(fds.count(), Thread.getAllStackTraces().size(), ProcessHandle.current().children().count());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean within(Resources baseline) {
            return fds <= baseline.fds + FD_SLACK && threads <= baseline.threads + THREAD_SLACK && children <= baseline.children;
        }

        /** Children of this JVM that exited and were never reaped. */
        static long zombies() {
            return ProcessHandle.current().children().filter(p -> {
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                    return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                } catch (IOException e) {
                    return false; // gone meanwhile: reaped
                }
            }).count();
        }
    }
}
