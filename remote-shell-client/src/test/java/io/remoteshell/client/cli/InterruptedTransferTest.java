package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.Deadline;
import io.remoteshell.client.Jvm;
import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing is left behind on the client when a one-shot {@code rshell get}/{@code put} is interrupted: Ctrl-C
 * (SIGINT) cancels the copy and exits 130, and a full disk (a file-size limit on the client) is a clear
 * failure; neither leaves a {@code .part} file, over RSP/1 or SSH.
 */
@Timeout(120)
class InterruptedTransferTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension server = TestServer.extension().rsps(false).build();
    static Path key;
    static Path big;

    @BeforeAll
    static void prepare() throws IOException {
        key = server.privateKey();
        // Sparse: no disk, no time to make, and big enough that Ctrl-C lands while it is still being copied.
        big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
    }

    private static List<String> target(String transport) {
        return transport.equals("rsp") ? List.of("--token-file", server.tokenFile().toString(), server.rspUri().toString())
                : List.of("-i", key.toString(), "--accept-new", server.sshUri().toString());
    }

    private static ProcessBuilder rshell(Path home, String shellPrefix, List<String> args) {
        List<String> words = new ArrayList<>(Jvm.command("io.remoteshell.client.cli.Rshell", "-Duser.home=" + home));
        words.addAll(args);
        List<String> command = new ArrayList<>();
        if (shellPrefix != null) {
            // bash runs the prefix (a ulimit), then becomes the JVM: "$@" are the words after "rshell".
            command.addAll(List.of("/bin/bash", "-c", shellPrefix + " && exec \"$@\"", "rshell"));
        }
        command.addAll(words);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().put("HOME", home.toString());
        pb.redirectInput(new File("/dev/null"));
        return pb;
    }

    private static List<Path> partFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsp", "ssh"})
    void ctrlCDuringGetExits130AndLeavesNoPartFile(String transport) throws Exception {
        Path home = Files.createDirectory(dir.resolve("get-" + transport));
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(target(transport));
        args.addAll(List.of(big.toString(), home.resolve("big.bin").toString()));
        Path stderr = home.resolve("stderr.txt");
        Process p = rshell(home, null, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        try {
            Deadline.await(WAIT, "the .part file of the download", () -> {
                try {
                    return !partFiles(home).isEmpty();
                } catch (IOException e) {
                    return false;
                }
            });
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            awaitExit(p, "rshell get ends after Ctrl-C", stderr);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertEquals(130, p.exitValue(), err);
            assertTrue(err.contains("cancelled"), err);
            assertEquals(List.of(), partFiles(home));
            assertFalse(Files.exists(home.resolve("big.bin")));
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsp", "ssh"})
    void aFullDiskFailsTheGetClearlyAndLeavesNoPartFile(String transport) throws Exception {
        Path home = Files.createDirectory(dir.resolve("full-" + transport));
        Path remote = Files.write(dir.resolve("five-mb-" + transport + ".bin"), new byte[5 << 20]);
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(target(transport));
        args.addAll(List.of(remote.toString(), home.resolve("copy.bin").toString()));
        Path stderr = home.resolve("stderr.txt");
        // A 2 MiB file-size limit on the client: its writes fail with EFBIG (the JVM ignores SIGXFSZ), as on a full disk.
        Process p = rshell(home, "ulimit -f 2048", args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
        try {
            awaitExit(p, "rshell get ends", stderr);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertNotEquals(0, p.exitValue(), err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), "one line, no stack trace: " + err);
            assertEquals(List.of(), partFiles(home));
            assertFalse(Files.exists(home.resolve("copy.bin")));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void ctrlCDuringPutOverSshExits130AndLeavesNoPartFileOnTheServer() throws Exception {
        Path home = Files.createDirectory(dir.resolve("put-ssh"));
        Path remoteDir = Files.createDirectory(dir.resolve("put-target"));
        List<String> args = new ArrayList<>(List.of("put"));
        args.addAll(target("ssh"));
        args.addAll(List.of(big.toString(), remoteDir.resolve("big.bin").toString()));
        Path stderr = home.resolve("stderr.txt");
        Process p = rshell(home, null, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        try {
            Deadline.await(WAIT, "the upload's temporary file on the server", () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("rshell put ended (exit " + p.exitValue() + ") before its temporary file was seen: "
                            + readQuietly(stderr));
                }
                try {
                    return !partFiles(remoteDir).isEmpty();
                } catch (IOException e) {
                    return false;
                }
            });
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            awaitExit(p, "rshell put ends after Ctrl-C", stderr);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertEquals(130, p.exitValue(), err);
            Deadline.await(WAIT, "no temporary file left on the server", () -> {
                try {
                    return partFiles(remoteDir).isEmpty();
                } catch (IOException e) {
                    return false;
                }
            });
            assertFalse(Files.exists(remoteDir.resolve("big.bin")));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    /** Waits for rshell to end; if it does not, the failure shows where it hangs (its threads) and what it printed. */
    private static void awaitExit(Process p, String what, Path stderr) throws Exception {
        if (p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            return;
        }
        Process dump = new ProcessBuilder("jcmd", Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
        String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        throw new AssertionError(what + ": still running after " + WAIT.toSeconds() + " s; stderr: " + readQuietly(stderr)
                + "\nits threads:\n" + threads);
    }
}
