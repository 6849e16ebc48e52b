package io.remoteshell.client.bench;

import io.remoteshell.client.Command;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a running rshelld: round trip of {@code true} on an open connection, and streaming
 * throughput of {@code head -c N /dev/zero}, for each target in turn (say rsp:// and rsps:// of the same server, so
 * both figures come from one run). An rsps target is trusted if it is pinned in ~/.rshell/known_hosts or presents the
 * fingerprint in RSHELL_PIN. A benchmark, not a test: run it with bin/bench-rsp.
 */
public final class RspBenchmark {

    private RspBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RspBenchmark rsp[s]://USER@HOST:PORT TOKEN_FILE [EXECS] [STREAM_BYTES] [MORE_TARGETS...]");
            System.exit(2);
        }
        int execs = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        long streamBytes = args.length > 3 ? Long.parseLong(args[3]) : 1_000_000_000L;
        List<String> targets = new ArrayList<>(List.of(args[0]));
        targets.addAll(Arrays.asList(args).subList(Math.min(4, args.length), args.length));
        for (String target : targets) {
            System.out.println(target);
            run(URI.create(target), Credentials.tokenFile(Path.of(args[1])), execs, streamBytes);
        }
    }

    private static ServerPins pins() throws java.io.IOException {
        String pin = System.getenv("RSHELL_PIN");
        if (pin == null) {
            return ServerPins.defaults();
        }
        Path scratch = Files.createTempFile("bench-pins", "");
        Files.delete(scratch);
        scratch.toFile().deleteOnExit();
        return ServerPins.ask(scratch, (hostPort, type, fingerprint) -> fingerprint.equals(pin));
    }

    private static void run(URI target, Credentials credentials, int execs, long streamBytes) throws Exception {
        try (Session session = RemoteShell.connect(target, credentials, pins(), RemoteShell.DEFAULT_CONNECT_TIMEOUT)) {
            for (int i = 0; i < execs / 4; i++) {
                session.exec("true");
            }
            long[] nanos = new long[execs];
            for (int i = 0; i < execs; i++) {
                long t0 = System.nanoTime();
                ExecResult r = session.exec(Command.argv("true"));
                nanos[i] = System.nanoTime() - t0;
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("true exited " + r.exitCode());
                }
            }
            Arrays.sort(nanos);
            System.out.printf("exec of true on an open connection, %d runs: mean %.2f ms, p50 %.2f ms, p99 %.2f ms%n",
                    execs, Arrays.stream(nanos).average().orElse(0) / 1e6, nanos[execs / 2] / 1e6, nanos[execs * 99 / 100] / 1e6);

            for (int round = 1; round <= 3; round++) {
                AtomicLong received = new AtomicLong();
                OutputStream sink = new OutputStream() {
                    @Override
                    public void write(int b) {
                        received.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        received.addAndGet(len);
                    }
                };
                long t0 = System.nanoTime();
                session.exec(Command.shell("head -c " + streamBytes + " /dev/zero"), sink, OutputStream.nullOutputStream());
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (received.get() != streamBytes) {
                    throw new IllegalStateException("received " + received.get() + " of " + streamBytes + " bytes");
                }
                System.out.printf("stream %d MB of /dev/zero, round %d: %.2f s, %.0f MB/s%n",
                        streamBytes / 1_000_000, round, seconds, streamBytes / 1e6 / seconds);
            }
        }
    }
}
