package io.remoteshell.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * Runs one real client program to its end and keeps what it did: exit status, stdout and stderr.
 * Output goes to files (no pipe to drain, no deadlock); a program that outlives its limit is
 * killed with everything it started and the test fails with what it had written so far.
 */
final class ClientRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finished client program. */
    record Result(List<String> command, int exit, String stdout, String stderr) {

        /** The one JSON object a scenario script prints on stdout: the facts it observed. */
        JsonNode facts() {
            assertSucceeded();
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("expected one JSON object on stdout of " + this, e);
            }
        }

        /** Fails the test, showing everything the program said, unless it exited 0. */
        Result assertSucceeded() {
            if (exit != 0) {
                throw new AssertionError("client program failed: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n  exit " + exit + "\n  stdout: " + stdout + "\n  stderr: " + stderr;
        }
    }

    private ClientRun() {
    }

    /** The strings of a JSON array a script reported, e.g. paramiko's readlines(). */
    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /**
     * Runs {@code command} in {@code workDir} with {@code env} added, stdin from /dev/null or, when {@code stdin}
     * is given, written into its stdin pipe and closed.
     */
    static Result run(List<String> command, Path workDir, Map<String, String> env, byte[] stdin, Duration limit) {
        return run(command, workDir, env, stdin, limit, null);
    }

    /** As {@link #run(List, Path, Map, byte[], Duration)}; stdout is left in {@code stdoutFile} (bytes, maybe big) when given. */
    static Result run(List<String> command, Path workDir, Map<String, String> env, byte[] stdin, Duration limit, Path stdoutFile) {
        try {
            Path out = stdoutFile != null ? stdoutFile : Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            // No agent: every client authenticates with exactly what its test gives it.
            pb.environment().remove("SSH_AUTH_SOCK");
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(new File("/dev/null"));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            boolean finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Result r = new Result(command, finished ? p.exitValue() : -1,
                    stdoutFile != null ? "(in " + stdoutFile + ")" : Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            if (stdoutFile == null) {
                Files.delete(out);
            }
            Files.delete(err);
            if (!finished) {
                throw new AssertionError("client program did not finish within " + limit.toSeconds() + " s and was killed: " + r);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
