package io.remoteshell.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import io.remoteshell.client.Jvm;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real rshell command line, run as its own process so that stdin, stdout and stderr are real pipes. */
@Timeout(60)
class RshellCliTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static String target;
    static String tokenFile;

    @BeforeAll
    static void startServer() throws IOException {
        server = TestServer.start(dir.resolve("state"));
        target = server.uri().toString();
        tokenFile = server.tokenFile().toString();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    record Run(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, UTF_8);
        }
    }

    /** Runs rshell with {@code args}, feeding {@code stdin}; HOME is an empty directory unless env says otherwise. */
    static Run rshell(byte[] stdin, Map<String, String> env, String... args) throws Exception {
        return rshellWithHome(dir.resolve("empty-home"), stdin, env, args);
    }

    static Run rshellWithHome(Path home, byte[] stdin, Map<String, String> env, String... args) throws Exception {
        Files.createDirectories(home);
        List<String> command = new ArrayList<>(Jvm.command(Rshell.class.getName(), "-Duser.home=" + home));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("RSHELL_TOKEN");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // rshell -n (or a command that ends early) need not read all of its stdin.
        }
        if (!p.waitFor(45, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rshell did not finish: " + command);
        }
        return new Run(p.exitValue(), out.get(), new String(err.get(), UTF_8));
    }

    static Run rshell(String... args) throws Exception {
        return rshell(new byte[0], Map.of(), args);
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void exitCodesOutputAndWordJoining() throws Exception {
        Run ok = rshell("--token-file", tokenFile, target, "echo", "out", "words;", "echo", "err", ">&2");
        assertEquals(0, ok.exit(), ok.stderr());
        assertEquals("out words\n", ok.out());
        assertEquals("err\n", ok.stderr());

        assertEquals(1, rshell("--token-file", tokenFile, target, "false").exit());
        Run code44 = rshell("--token-file", tokenFile, target, "exit 44");
        assertEquals(44, code44.exit());
        assertEquals("", code44.stderr());
        Run options = rshell("--token-file", tokenFile, target, "ls", "-ld", "/");
        assertEquals(0, options.exit(), "dashes after TARGET belong to the command: " + options.stderr());
    }

    @Test
    void deathBySignalIs128PlusN() throws Exception {
        assertEquals(128 + 9, rshell("--token-file", tokenFile, target, "kill -KILL $$").exit());
        assertEquals(128 + 15, rshell("--token-file", tokenFile, target, "kill -TERM $$").exit());
    }

    @Test
    void stdinIsForwardedWhenPiped() throws Exception {
        byte[] data = new byte[2 * 1024 * 1024 + 5];
        new Random(3).nextBytes(data);
        Run r = rshell(data, Map.of(), "--token-file", tokenFile, target, "sha256sum");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) + "  -\n", r.out());

        Run cat = rshell("hello\n".getBytes(UTF_8), Map.of(), "--token-file", tokenFile, target, "cat");
        assertEquals("hello\n", cat.out());
    }

    @Test
    void dashNClosesStdin() throws Exception {
        Run r = rshell("not for the remote\n".getBytes(UTF_8), Map.of(), "--token-file", tokenFile, "-n", target, "wc -c");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("0", r.out().strip());
    }

    @Test
    void tokenFromTheEnvironmentAndFromTheLocalServerDirectory() throws Exception {
        String token = Files.readString(server.tokenFile()).strip();
        Run env = rshell(new byte[0], Map.of("RSHELL_TOKEN", token), target, "echo via-env");
        assertEquals(0, env.exit(), env.stderr());
        assertEquals("via-env\n", env.out());

        Path home = dir.resolve("home-with-server");
        Path local = home.resolve(".rshell/server/users/" + TestServer.USER + "/token");
        Files.createDirectories(local.getParent());
        Files.copy(server.tokenFile(), local);
        Run fromHome = rshellWithHome(home, new byte[0], Map.of(), target, "echo via-home");
        assertEquals(0, fromHome.exit(), fromHome.stderr());
        assertEquals("via-home\n", fromHome.out());
    }

    @Test
    void missingTokenNamesTheThreePlaces() throws Exception {
        Run r = rshell(target, "true");
        assertEquals(255, r.exit());
        assertOneLine(r.stderr());
        assertTrue(r.stderr().contains("--token-file") && r.stderr().contains("RSHELL_TOKEN")
                && r.stderr().contains(".rshell/server/users/" + TestServer.USER + "/token"), r.stderr());
    }

    @Test
    void connectionRefusedIs255WithOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Run r = rshell("--token-file", tokenFile, "rsp://" + TestServer.USER + "@127.0.0.1:" + port, "true");
        assertEquals(255, r.exit());
        assertOneLine(r.stderr());
        assertTrue(r.stderr().startsWith("rshell: cannot connect to 127.0.0.1:" + port), r.stderr());
    }

    @Test
    void badTokenIs255WithOneLine() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-token"), "f".repeat(64) + "\n");
        Files.setPosixFilePermissions(wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Run r = rshell("--token-file", wrong.toString(), target, "true");
        assertEquals(255, r.exit());
        assertOneLine(r.stderr());
        assertTrue(r.stderr().startsWith("rshell: authentication as " + TestServer.USER), r.stderr());
    }

    @Test
    void noCommandOpensTheReplWhichReadsLinesFromAPipe() throws Exception {
        Run r = rshell("echo piped-$((1+1))\ncd /tmp\npwd\n".getBytes(UTF_8), Map.of(), "--token-file", tokenFile, target);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.out().contains("piped-2\n"), r.out());
        assertTrue(r.out().contains("/tmp\n"), r.out());
        assertEquals("", r.stderr());
    }

    @Test
    void noTargetIsAUsageError() throws Exception {
        Run r = rshell("--token-file", tokenFile);
        assertEquals(2, r.exit());
        assertTrue(r.stderr().startsWith("rshell: no TARGET given"), r.stderr());
    }

    @Test
    void getAndPutRoundTripWithoutAProgressBarWhenPiped() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 1];
        new Random(9).nextBytes(data);
        Path local = Files.write(dir.resolve("cli-up.bin"), data);
        Path remote = dir.resolve("cli-remote.bin");
        Run put = rshell("put", "--token-file", tokenFile, target, local.toString(), remote.toString());
        assertEquals(0, put.exit(), put.stderr());
        assertEquals("", put.stderr(), "no progress bar on a pipe");
        assertArrayEquals(data, Files.readAllBytes(remote));

        Path back = dir.resolve("cli-back.bin");
        Run get = rshell("get", "--token-file", tokenFile, target, remote.toString(), back.toString());
        assertEquals(0, get.exit(), get.stderr());
        assertEquals("", get.stderr());
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    void failedTransfersExitOneWithTheServersMessage() throws Exception {
        Path local = Files.writeString(dir.resolve("cli-small.txt"), "x");
        Run put = rshell("--token-file", tokenFile, "put", target, local.toString(), dir.resolve("no/such/dir/f").toString());
        assertEquals(1, put.exit());
        assertOneLine(put.stderr());
        assertTrue(put.stderr().startsWith("rshell: "), put.stderr());
        assertFalse(Files.exists(dir.resolve("no")));

        Run get = rshell("get", "--token-file", tokenFile, target, dir.resolve("absent").toString(), dir.resolve("x").toString());
        assertEquals(1, get.exit());
        assertTrue(get.stderr().startsWith("rshell: NOT_FOUND: "), get.stderr());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void getAndPutOverSshWithAKeyAndAcceptNew() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home-ssh-transfer"));
        Path key = server.authorizeNewKey(Files.createDirectory(dir.resolve("keys-ssh-transfer")));
        byte[] data = new byte[1024 * 1024 + 3];
        new Random(11).nextBytes(data);
        Path local = Files.write(dir.resolve("ssh-up.bin"), data);
        Path remote = dir.resolve("ssh-remote.bin");
        Run put = rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()),
                "put", "-i", key.toString(), "--accept-new", server.sshUri().toString(), local.toString(), remote.toString());
        assertEquals(0, put.exit(), put.stderr());
        assertEquals("", put.stderr());
        assertArrayEquals(data, Files.readAllBytes(remote));
        String knownHosts = Files.readString(home.resolve(".ssh/known_hosts"));
        assertTrue(knownHosts.contains("[127.0.0.1]:" + server.sshPort() + " ssh-ed25519 "), knownHosts);

        Path back = dir.resolve("ssh-back.bin");
        Run get = rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()),
                "get", "-i", key.toString(), "--accept-new", server.sshUri().toString(), remote.toString(), back.toString());
        assertEquals(0, get.exit(), get.stderr());
        assertEquals("", get.stderr());
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    void sshTransfersRefuseAnUnknownHostWithoutAcceptNew() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home-ssh-unknown"));
        Path key = server.authorizeNewKey(Files.createDirectory(dir.resolve("keys-ssh-unknown")));
        Path remote = Files.writeString(dir.resolve("ssh-unknown-remote.txt"), "secret");
        Path local = dir.resolve("ssh-unknown-local.txt");
        Run get = rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()),
                "get", "-i", key.toString(), server.sshUri().toString(), remote.toString(), local.toString());
        assertEquals(255, get.exit(), get.stderr());
        assertOneLine(get.stderr());
        assertTrue(get.stderr().startsWith("rshell: ") && get.stderr().contains("--accept-new"), get.stderr());
        assertFalse(Files.exists(local), "nothing copied from a host nobody vouched for");

        Run put = rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()),
                "put", "-i", key.toString(), server.sshUri().toString(), remote.toString(), dir.resolve("ssh-unknown-up.txt").toString());
        assertEquals(255, put.exit(), put.stderr());
        assertOneLine(put.stderr());
        assertFalse(Files.exists(dir.resolve("ssh-unknown-up.txt")));
    }

    @Test
    void sshTransfersTakeThePortForABareUserAtHostBeforeOrAfterTheSubcommand() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home-ssh-port"));
        Path key = server.authorizeNewKey(Files.createDirectory(dir.resolve("keys-ssh-port")));
        String port = String.valueOf(server.sshPort());
        String bare = TestServer.USER + "@127.0.0.1";
        Path local = Files.writeString(dir.resolve("ssh-port-up.txt"), "over -p\n");
        Path remote = dir.resolve("ssh-port-remote.txt");
        Run put = rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()),
                "put", "-p", port, "-i", key.toString(), "--accept-new", bare, local.toString(), remote.toString());
        assertEquals(0, put.exit(), put.stderr());
        assertEquals("over -p\n", Files.readString(remote));

        // Options before the subcommand count too; the host key is the one put recorded, so no --accept-new.
        Path back = dir.resolve("ssh-port-back.txt");
        Run get = rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()),
                "-p", port, "-i", key.toString(), "get", bare, remote.toString(), back.toString());
        assertEquals(0, get.exit(), get.stderr());
        assertEquals("over -p\n", Files.readString(back));
    }

    @Test
    void ctrlCIsForwardedAsSigint() throws Exception {
        // As from a terminal: a build started in a script's background would hand rshell SIGINT ignored, and the
        // JVM keeps an inherited SIG_IGN for INT (so does rshell under nohup, on purpose).
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=INT"));
        command.addAll(Jvm.command(Rshell.class.getName()));
        command.addAll(List.of("--token-file", tokenFile, "-n", target, "trap 'echo got-int; exit 7' INT; echo ready; sleep 300 & wait"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), UTF_8));
            assertEquals("ready", CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS));
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "rshell ends once the remote command handled INT");
            assertEquals(7, p.exitValue(), "the remote trap's exit status, not a local death by SIGINT");
            assertEquals("got-int", readLine(out));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aClosedStdoutEndsQuietlyLikeSigpipe() throws Exception {
        List<String> command = new ArrayList<>(Jvm.command(Rshell.class.getName()));
        command.addAll(List.of("--token-file", tokenFile, "-n", target, "yes"));
        Process p = new ProcessBuilder(command).start();
        try {
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            assertEquals('y', p.getInputStream().read());
            p.getInputStream().close(); // like `rshell ... | head -1`
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "rshell stops when nobody reads its output");
            assertEquals(128 + 13, p.exitValue());
            assertEquals("", new String(err.get(10, TimeUnit.SECONDS), UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readLine(java.io.BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void getIntoADirectoryUsesTheRemoteName() throws Exception {
        Path remote = Files.writeString(dir.resolve("named-remote.txt"), "payload");
        Path into = Files.createDirectories(dir.resolve("into"));
        Run get = rshell("get", "--token-file", tokenFile, target, remote.toString(), into.toString());
        assertEquals(0, get.exit(), get.stderr());
        assertEquals("payload", Files.readString(into.resolve("named-remote.txt")));
    }

    private static void assertOneLine(String stderr) {
        assertTrue(stderr.endsWith("\n") && stderr.indexOf('\n') == stderr.length() - 1,
                "one line on stderr, no stack trace: " + stderr);
    }
}
