package io.remoteshell.server.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real OpenSSH tools the SSH tests drive, installed from Debian when missing, and small helpers to run them. */
final class SshTools {

    private static final List<String> TOOLS = List.of("ssh", "sftp", "scp", "ssh-keygen", "sshpass", "ssh-audit");
    private static volatile boolean checked;

    private SshTools() {
    }

    /** Installs openssh-client, sshpass and ssh-audit with apt-get when one of their programs is missing. */
    static synchronized void require() {
        if (checked) {
            return;
        }
        if (TOOLS.stream().anyMatch(t -> !onPath(t))) {
            Result update = run(List.of("apt-get", "update"), (byte[]) null, Duration.ofMinutes(3));
            Result install = run(List.of("apt-get", "install", "-y", "openssh-client", "sshpass", "ssh-audit"), (byte[]) null,
                    Duration.ofMinutes(5));
            List<String> missing = TOOLS.stream().filter(t -> !onPath(t)).toList();
            if (!missing.isEmpty()) {
                throw new AssertionError("the SSH tests need " + missing + "; install the Debian packages openssh-client, "
                        + "sshpass and ssh-audit (apt-get update: " + update.exit() + ", apt-get install: " + install.exit()
                        + ": " + install.stderr() + ")");
            }
        }
        checked = true;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** A finished program: its exit code, everything it wrote to stdout, and its stderr as text. */
    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout \"" + out() + "\", stderr \"" + stderr + "\"";
        }
    }

    /** Runs a program with {@code stdin} (null: none), collects its output; fails if it outlives {@code limit}. */
    static Result run(List<String> cmd, byte[] stdin, Duration limit) {
        return run(cmd, stdin == null ? null : out -> out.write(stdin), limit, null);
    }

    interface StdinWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #run(List, byte[], Duration)}; stdout goes to {@code sink} when given (for data too big to keep). */
    static Result run(List<String> cmd, StdinWriter stdin, Duration limit, OutputStream sink) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = copier(p.getInputStream(), sink != null ? sink : out);
            Thread e = copier(p.getErrorStream(), err);
            Thread i = new Thread(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) {
                        stdin.writeTo(in);
                    }
                } catch (IOException ex) {
                    // The program stopped reading; its exit code tells the test what happened.
                }
            });
            i.setDaemon(true);
            i.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish within " + limit.toSeconds() + " s");
            }
            o.join(limit.toMillis());
            e.join(limit.toMillis());
            return new Result(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd);
        }
    }

    private static Thread copier(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                // The stream ended with the process.
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A new Ed25519 key pair made by ssh-keygen; returns the private key file (the public one is next to it, .pub). */
    static Path keygen(Path dir, String name) {
        Path key = dir.resolve(name);
        Result r = run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()), (byte[]) null,
                Duration.ofSeconds(30));
        if (r.exit() != 0) {
            throw new AssertionError("ssh-keygen failed: " + r);
        }
        return key;
    }
}
