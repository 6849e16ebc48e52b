package io.remoteshell.client.bench;

import io.remoteshell.client.Command;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java side of bin/bench and bin/bench-rsp: one measurement per run, printed as one line of numbers for the
 * script to read. {@code exec URI TOKEN_FILE N}: milliseconds per {@code true} on an open RSP/1 connection (min and
 * median); {@code spawn N}: the same for the JDK's ProcessBuilder running {@code /bin/sh -c true}; {@code stream URI
 * TOKEN_FILE BYTES}: seconds to receive {@code head -c BYTES /dev/zero} through the library. Each warms up first, as
 * a server would be. An rsps:// target is trusted if it is pinned in ~/.rshell/known_hosts or presents the
 * fingerprint in RSHELL_PIN.
 */
public final class BenchProbe {

    private BenchProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "exec" -> {
                int n = Integer.parseInt(args[3]);
                try (Session s = connect(args[1], args[2])) {
                    print(time(n, () -> {
                        ExecResult r = s.exec(Command.argv("true"));
                        if (r.exitCode() != 0) {
                            throw new IllegalStateException("true exited " + r.exitCode());
                        }
                    }));
                }
            }
            case "spawn" -> print(time(Integer.parseInt(args[1]), () -> {
                Process p = new ProcessBuilder("/bin/sh", "-c", "true").start();
                p.getOutputStream().close();
                p.getInputStream().readAllBytes();
                p.getErrorStream().readAllBytes();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("sh exited " + p.exitValue());
                }
            }));
            case "stream" -> {
                long bytes = Long.parseLong(args[3]);
                try (Session s = connect(args[1], args[2])) {
                    // 1 GB untimed first: with 100 MB the client's JIT was still compiling (C2 a sixth of the machine's
                    // CPU) during the timed stream, which is about a library in a JVM that has been running.
                    s.exec(Command.shell("head -c 1000000000 /dev/zero"), OutputStream.nullOutputStream(),
                            OutputStream.nullOutputStream());
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
                    s.exec(Command.shell("head -c " + bytes + " /dev/zero"), sink, OutputStream.nullOutputStream());
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (received.get() != bytes) {
                        throw new IllegalStateException("received " + received.get() + " of " + bytes + " bytes");
                    }
                    System.out.println(seconds);
                }
            }
            default -> throw new IllegalArgumentException("unknown probe " + args[0]);
        }
    }

    private static Session connect(String target, String tokenFile) throws IOException {
        return RemoteShell.connect(URI.create(target), Credentials.tokenFile(Path.of(tokenFile)), pins(),
                RemoteShell.DEFAULT_CONNECT_TIMEOUT);
    }

    private static ServerPins pins() throws IOException {
        String pin = System.getenv("RSHELL_PIN");
        if (pin == null) {
            return ServerPins.defaults();
        }
        Path scratch = Files.createTempFile("bench-pins", "");
        Files.delete(scratch);
        scratch.toFile().deleteOnExit();
        return ServerPins.ask(scratch, (hostPort, type, fingerprint) -> fingerprint.equals(pin));
    }

    interface Op {
        void run() throws Exception;
    }

    private static double[] time(int n, Op op) throws Exception {
        for (int i = 0; i < Math.max(20, n / 5); i++) {
            op.run();
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void print(double[] ms) {
        System.out.println(ms[0] + " " + ms[ms.length / 2]);
    }
}
