package io.remoteshell.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real rshell command line, run as its own process so that stdin, stdout and stderr are real pipes. */
@Timeout(60)
class RshellCliTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension server = TestServer.extension().rsps(false).build();
    static String target;
    static String tokenFile;

    @BeforeAll
    static void prepare() throws IOException {
        target = server.rspUri().toString();
        tokenFile = server.tokenFile().toString();
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
    void theReplFromAPipeBehavesLikeShDashS() throws Exception {
        // Before: prompts in stdout, "usage: exit" for exit 4, and 0 after a failed last command.
        Run r = rshell("echo one\necho two >&2\ncd /tmp\npwd\nfalse\n".getBytes(UTF_8), Map.of(), "--token-file", tokenFile, target);
        assertEquals(1, r.exit(), r.stderr());
        assertEquals("one\n/tmp\n", r.out(), "no prompt, only the commands' output");
        assertEquals("two\n", r.stderr());

        Run exit = rshell("true\nexit 4\necho never\n".getBytes(UTF_8), Map.of(), "--token-file", tokenFile, target);
        assertEquals(4, exit.exit(), exit.stderr());
        assertEquals("", exit.out());

        Run plain = rshell("sh -c 'exit 3'\nexit\n".getBytes(UTF_8), Map.of(), "--token-file", tokenFile, target);
        assertEquals(3, plain.exit(), "a plain exit keeps the last status, as in sh: " + plain.stderr());
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
        Path key = server.authorizeNewKey(dir.resolve("keys-ssh-transfer").resolve("id_ed25519"));
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
        Path key = server.authorizeNewKey(dir.resolve("keys-ssh-unknown").resolve("id_ed25519"));
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
        Path key = server.authorizeNewKey(dir.resolve("keys-ssh-port").resolve("id_ed25519"));
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

    /** A HOME with a key authorized for alice and the server's host key already trusted, as after a first login. */
    private static Path sshHome(String name) throws Exception {
        Path home = Files.createDirectory(dir.resolve(name));
        server.authorizeNewKey(home.resolve(".ssh").resolve("id_ed25519"));
        Files.writeString(home.resolve(".ssh/known_hosts"), Files.readString(knownHostsLine()));
        return home;
    }

    /** A known_hosts file with this server's host key, recorded once by a real login with --accept-new. */
    private static synchronized Path knownHostsLine() throws Exception {
        Path file = dir.resolve("trusted-known-hosts");
        if (!Files.exists(file)) {
            Path home = Files.createDirectory(dir.resolve("home-trust-once"));
            Path key = server.authorizeNewKey(home.resolve(".ssh").resolve("id_ed25519"));
            Run first = rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()),
                    "-i", key.toString(), "--accept-new", server.sshUri().toString(), "true");
            assertEquals(0, first.exit(), first.stderr());
            Files.copy(home.resolve(".ssh/known_hosts"), file);
        }
        return file;
    }

    private static Run inHome(Path home, byte[] stdin, String... args) throws Exception {
        return rshellWithHome(home, stdin, Map.of("HOME", home.toString()), args);
    }

    @Test
    @Timeout(180)
    void optionsAfterTheTargetAreRshellsAsWithSsh() throws Exception {
        Path home = sshHome("home-after-target");
        // Before: `rshell root@127.0.0.1 -p 2222 uname` ran "-p 2222 uname" on port 22.
        Run ssh = inHome(home, new byte[0], TestServer.USER + "@127.0.0.1", "-p", String.valueOf(server.sshPort()),
                "-i", home.resolve(".ssh/id_ed25519").toString(), "echo", "over-ssh", "-n");
        assertEquals(0, ssh.exit(), ssh.stderr());
        assertEquals("over-ssh -n\n", ssh.out(), "the command's own dashes stay the command's");

        Run rsp = rshell(target, "--token-file", tokenFile, "--", "printf", "%s-%s", "-x", "y");
        assertEquals(0, rsp.exit(), rsp.stderr());
        assertEquals("-x-y", rsp.out());
    }

    @Test
    @Timeout(180)
    void anUnknownOptionIsOneLineNamingIt() throws Exception {
        Run r = rshell("-Z", target, "true");
        assertEquals(2, r.exit());
        assertOneLine(r.stderr());
        assertEquals("rshell: unknown option -Z (rshell --help lists the options)\n", r.stderr());
        assertEquals("", r.out());

        Run get = rshell("get", "--frobnicate", target, "a", "b");
        assertEquals(2, get.exit());
        assertEquals("rshell get: unknown option --frobnicate (rshell get --help lists the options)\n", get.stderr());

        Run badO = rshell("-o", "Frobnicate=yes", target, "true");
        assertEquals(2, badO.exit());
        assertOneLine(badO.stderr());
        assertTrue(badO.stderr().startsWith("rshell: -o Frobnicate=yes: rshell does not support Frobnicate; it supports HostName, Port"),
                badO.stderr());
    }

    @Test
    @Timeout(180)
    void dashTAsWithSsh() throws Exception {
        Path home = sshHome("home-dash-t");
        String ssh = server.sshUri().toString();
        String key = home.resolve(".ssh/id_ed25519").toString();
        Run one = inHome(home, new byte[0], "-t", "-i", key, ssh, "tty; exit 5");
        assertEquals(5, one.exit(), one.stderr());
        assertEquals("not a tty\n", one.out());
        assertEquals("rshell: Pseudo-terminal will not be allocated because stdin is not a terminal.\n", one.stderr());

        Run forced = inHome(home, "typed\n".getBytes(UTF_8), "-tt", "-i", key, ssh, "tty; read x; echo got-$x; exit 6");
        assertEquals(6, forced.exit(), forced.stderr());
        assertTrue(forced.out().contains("/dev/pts/"), forced.out());
        assertTrue(forced.out().contains("got-typed"), forced.out());

        Run rsp = rshell("-tt", "--token-file", tokenFile, target, "tty");
        assertEquals(2, rsp.exit());
        assertOneLine(rsp.stderr());
        assertTrue(rsp.stderr().contains("only ssh:// targets have"), rsp.stderr());
    }

    @Test
    @Timeout(180)
    void dashVSaysWhatItTriesAndDashQKeepsWarningsQuiet() throws Exception {
        Path home = sshHome("home-verbose");
        String key = home.resolve(".ssh/id_ed25519").toString();
        Run v = inHome(home, new byte[0], "-v", "-i", key, server.sshUri().toString(), "echo", "hi");
        assertEquals(0, v.exit(), v.stderr());
        assertEquals("hi\n", v.out());
        assertTrue(v.stderr().contains("rshell: connecting to 127.0.0.1:" + server.sshPort() + " as alice over SSH"), v.stderr());
        assertTrue(v.stderr().contains("key files to offer: [" + key + "]"), v.stderr());

        Run warned = inHome(home, new byte[0], "-i", "/nonexistent", "-i", key, server.sshUri().toString(), "true");
        assertEquals(0, warned.exit(), warned.stderr());
        assertEquals("rshell: warning: identity file /nonexistent not accessible: no such file\n", warned.stderr());
        Run rspV = rshell("-v", "--token-file", tokenFile, target, "true");
        assertTrue(rspV.stderr().contains("token from --token-file " + tokenFile), rspV.stderr());
        Run quiet = inHome(home, new byte[0], "-q", "-i", "/nonexistent", "-i", key, server.sshUri().toString(), "true");
        assertEquals(0, quiet.exit(), quiet.stderr());
        assertEquals("", quiet.stderr());
    }

    @Test
    @Timeout(180)
    void dashOSetsSshConfigOptions() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home-dash-o"));
        Path key = server.authorizeNewKey(dir.resolve("keys-dash-o").resolve("id_ed25519"));
        Path knownHosts = dir.resolve("dash-o-known-hosts");
        Run r = inHome(home, new byte[0], "-o", "Port=" + server.sshPort(), "-o", "User " + TestServer.USER,
                "-oIdentityFile=" + key, "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + knownHosts,
                "127.0.0.1", "echo", "via-o");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("via-o\n", r.out());
        assertTrue(Files.readString(knownHosts).contains("[127.0.0.1]:" + server.sshPort() + " ssh-ed25519 "));
        assertFalse(Files.exists(home.resolve(".ssh/known_hosts")), "UserKnownHostsFile, not ~/.ssh/known_hosts");
    }

    @Test
    @Timeout(180)
    void sshConfigAliasesAsSshReadsThem() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home-config"));
        Path dotSsh = Files.createDirectory(home.resolve(".ssh"));
        Path key = server.authorizeNewKey(dir.resolve("keys-config").resolve("id_ed25519"));
        Files.writeString(dotSsh.resolve("config"), String.join("\n",
                "# as a user writes it",
                "Host myalias other-alias",
                "    HostName 127.0.0.1",
                "    Port " + server.sshPort(),
                "    User " + TestServer.USER,
                "    IdentityFile " + key,
                "    IdentitiesOnly yes",
                "Match host nothing-here",
                "    User nobody",
                "Host *",
                "    StrictHostKeyChecking accept-new",
                "    User not-this-one",
                ""));
        // Before: "cannot connect to myalias:22: UnresolvedAddressException".
        Run r = inHome(home, new byte[0], "myalias", "echo", "via-alias");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("via-alias\n", r.out());
        assertTrue(Files.readString(dotSsh.resolve("known_hosts")).contains("[127.0.0.1]:" + server.sshPort() + " "));

        // -F FILE instead of ~/.ssh/config; command-line -p wins over the file's Port.
        Path other = Files.writeString(dir.resolve("other-config"), "Host elsewhere\n  HostName 127.0.0.1\n  Port 1\n"
                + "  User " + TestServer.USER + "\n  IdentityFile " + key + "\n");
        Run f = inHome(home, new byte[0], "-F", other.toString(), "-p", String.valueOf(server.sshPort()), "elsewhere", "echo", "via-F");
        assertEquals(0, f.exit(), f.stderr());
        assertEquals("via-F\n", f.out());

        Run missing = inHome(home, new byte[0], "-F", dir.resolve("no-such-config").toString(), "myalias", "true");
        assertEquals(255, missing.exit());
        assertOneLine(missing.stderr());
        assertTrue(missing.stderr().contains("no-such-config: the SSH config file does not exist"), missing.stderr());
    }

    @Test
    @Timeout(180)
    void keysInSshAgentAreOfferedAsSshOffersThem() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home-agent"));
        Path key = server.authorizeNewKey(dir.resolve("keys-agent").resolve("id_ed25519"));
        Path socket = dir.resolve("agent.sock");
        // A real ssh-agent of the test's own, in the foreground (-D), never the user's.
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            io.remoteshell.client.Deadline.await(java.time.Duration.ofSeconds(30), "ssh-agent's socket", () -> Files.exists(socket));
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process added = add.start();
            String addOut = new String(added.getInputStream().readAllBytes(), UTF_8);
            assertEquals(0, added.waitFor(), addOut);
            Files.delete(key); // only the agent has it now

            Map<String, String> env = Map.of("HOME", home.toString(), "SSH_AUTH_SOCK", socket.toString());
            // Before: "tried no key files".
            Run r = rshellWithHome(home, new byte[0], env, "-v", "--accept-new", server.sshUri().toString(), "echo", "via-agent");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("via-agent\n", r.out());
            assertTrue(r.stderr().contains("offering the keys of the ssh-agent at " + socket), r.stderr());

            // IdentitiesOnly: only the named key files, as ssh does; none of them exists, so nothing gets in.
            Run only = rshellWithHome(home, new byte[0], env, "-o", "IdentitiesOnly=yes", "-o", "IdentityFile=" + key,
                    server.sshUri().toString(), "true");
            assertEquals(255, only.exit(), only.stderr());
            assertOneLine(only.stderr());
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void assertOneLine(String stderr) {
        assertTrue(stderr.endsWith("\n") && stderr.indexOf('\n') == stderr.length() - 1,
                "one line on stderr, no stack trace: " + stderr);
    }
}
