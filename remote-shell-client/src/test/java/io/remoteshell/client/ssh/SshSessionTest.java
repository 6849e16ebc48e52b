package io.remoteshell.client.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectFailedException;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.HostKeyException;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.InteractiveShell;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.Session;
import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The ssh:// transport against a real rshelld's SSH front end: the same Session API as RSP/1. */
@Timeout(60)
class SshSessionTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension rshelld = TestServer.extension().rsps(false).build();
    static TestServer server;
    static Path key;
    static Path knownHosts;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.of(rshelld.server());
        key = server.authorizeNewKey(Files.createDirectory(dir.resolve("keys")));
        knownHosts = dir.resolve("home/.ssh/known_hosts");
    }

    private static Session connect() throws IOException {
        return server.connectSsh(key, knownHosts);
    }

    @Test
    void execCollectsOutputAndExitCode() throws IOException {
        try (Session s = connect()) {
            ExecResult r = s.exec("echo out; echo err >&2; exit 3");
            assertEquals("out\n", r.stdoutText());
            assertEquals("err\n", r.stderrText());
            assertEquals(3, r.exitCode());
            assertEquals("it's pong\n", s.exec(Command.argv("echo", "it's", "pong").cwd("/tmp")).stdoutText());
        }
    }

    @Test
    void cwdEnvAndArgvAreHonoured() throws IOException {
        try (Session s = connect()) {
            ExecResult r = s.exec(Command.shell("pwd; echo \"$GREETING\"").cwd("/tmp").env("GREETING", "a 'quoted' $value"));
            assertEquals("/tmp\na 'quoted' $value\n", r.stdoutText());
            ExecResult argv = s.exec(Command.argv("printf", "%s|", "two words", "*", "$HOME"));
            assertEquals("two words|*|$HOME|", argv.stdoutText());
            ExecResult missing = s.exec(Command.shell("pwd").cwd("/no/such/dir"));
            assertEquals(1, missing.exitCode());
        }
    }

    @Test
    void startStreamsStdinAndSignalInterruptsTheGroup() throws Exception {
        try (Session s = connect()) {
            RemoteProcess cat = s.start(Command.shell("tr a-z A-Z"));
            cat.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            cat.getOutputStream().close();
            assertEquals("HELLO\n", new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, cat.waitFor());

            // The signal follows the shell's first line: one sent within a millisecond of the start is lost in about
            // 2 % of runs (the shell and its sleep both survive; see the closing note), a race not this test's subject.
            RemoteProcess sleep = s.start(Command.shell("echo started; sleep 100; echo not interrupted"));
            BufferedReader out = new BufferedReader(new InputStreamReader(sleep.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("started", out.readLine());
            sleep.signal("INT");
            assertTrue(sleep.waitFor(10, TimeUnit.SECONDS), "INT ends sleep");
            assertEquals(130, sleep.exitValue());
            assertEquals("INT", sleep.exitSignal().orElseThrow());
        }
    }

    @Test
    void theServerEndsATimedOutCommandWithTermAsOverRsp() throws IOException {
        try (Session s = connect()) {
            // TERM, not KILL: rshelld got the limit and ended the command itself, as it does over RSP/1.
            ExecResult r = s.exec(Command.shell("sleep 100").timeout(Duration.ofMillis(300)));
            assertTrue(r.timedOut());
            assertEquals(143, r.exitCode());
            assertEquals("TERM", r.signal().orElseThrow());
            // The limit is a request to the server, not a variable for the command.
            ExecResult env = s.exec(Command.shell("echo ${RSHELL_TIMEOUT_MS-unset}").timeout(Duration.ofSeconds(30)));
            assertEquals("unset\n", env.stdoutText());
            assertFalse(env.timedOut());
        }
    }

    @Test
    void anEnvironmentNameThatIsNotAShellNameIsRefusedBeforeAnythingIsSent() throws IOException {
        Path pwned = dir.resolve("pwned");
        try (Session s = connect()) {
            for (String name : List.of("X=1; touch " + pwned + "; Y", "X\ntouch " + pwned, "1X", "", "A-B")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> s.exec(Command.shell("true").env(name, "v")));
                assertTrue(e.getMessage().contains("is invalid"), e.getMessage());
            }
            assertEquals("v\n", s.exec(Command.shell("echo $_OK_1").env("_OK_1", "v")).stdoutText());
        }
        assertFalse(Files.exists(pwned));
    }

    @Test
    void aChannelNobodyReadsDoesNotStallTheOtherChannelsOrKeepAlives() throws Exception {
        try (Session s = connect()) {
            // Far more than the process's buffer and the channel window: its pipe fills and stays full.
            RemoteProcess flood = s.start(Command.shell("head -c 200000000 /dev/zero"));
            try {
                java.util.concurrent.CompletableFuture<ExecResult> other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return s.exec("echo still-flowing");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                ExecResult r = other.get(30, TimeUnit.SECONDS);
                assertEquals("still-flowing\n", r.stdoutText());
                s.ping();
                assertTrue(flood.isAlive(), "the flood is held back, not dropped");
            } finally {
                flood.destroyForcibly();
            }
        }
    }

    @Test
    void getAndPutOverSftpVerifyAndReplace() throws IOException {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Path local = dir.resolve("up.bin");
        Files.write(local, data);
        String remote = dir.resolve("remote.bin").toString();
        try (Session s = connect()) {
            List<Long> progress = new ArrayList<>();
            s.put(local, remote, new io.remoteshell.client.TransferListener() {
                @Override
                public void progressed(long bytesSoFar) {
                    progress.add(bytesSoFar);
                }
            });
            assertArrayEquals(data, Files.readAllBytes(Path.of(remote)));
            assertEquals(data.length, progress.get(progress.size() - 1));
            s.put(dir.resolve("up.bin"), remote);
            Path back = Files.createDirectory(dir.resolve("back"));
            s.get(remote, back);
            assertArrayEquals(data, Files.readAllBytes(back.resolve("remote.bin")));
            RemoteErrorException e = assertThrows(RemoteErrorException.class, () -> s.get("/no/such/file", back));
            assertEquals("NOT_FOUND", e.code());
            try (var files = Files.list(back)) {
                assertEquals(1, files.count(), "a failed get leaves nothing behind");
            }
            assertThrows(RemoteErrorException.class, () -> s.put(local, "/no/such/dir/x"));
        }
    }

    @Test
    void pingAndPtyShell() throws IOException {
        try (Session s = connect()) {
            assertTrue(s.ping().compareTo(Duration.ofSeconds(5)) < 0);
            try (InteractiveShell shell = s.shell("xterm", 100, 30)) {
                OutputStream in = shell.input();
                in.write("stty size; exit 4\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                String screen = readAll(shell.output());
                assertTrue(screen.contains("30 100"), screen);
                assertEquals(4, shell.waitFor());
            }
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hostKeysUnknownRefusedStrictlyRecordedOnAcceptNewAndChangedRefusedLoudly() throws IOException {
        Path file = dir.resolve("kh-test/known_hosts");
        Credentials creds = Credentials.sshKeys(List.of(key), (q, retry) -> null);
        HostKeyException unknown = assertThrows(HostKeyException.class,
                () -> RemoteShell.connect(server.sshUri(), creds, HostKeys.strict(file)));
        // Said to a Java caller: the library's own ways to trust a host, not the rshell command's flag.
        assertTrue(unknown.getMessage().contains("HostKeys.acceptNew"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains("--accept-new"), unknown.getMessage());
        assertTrue(unknown.isUnknownHost());
        assertFalse(Files.exists(file));

        List<String> asked = new ArrayList<>();
        try (Session s = RemoteShell.connect(server.sshUri(), creds, HostKeys.ask(file, (host, type, fp) -> {
            asked.add(host + " " + type + " " + fp);
            return true;
        }))) {
            assertEquals(0, s.exec("true").exitCode());
        }
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).startsWith("[127.0.0.1]:" + server.sshPort() + " ssh-ed25519 SHA256:"), asked.get(0));
        String recorded = Files.readString(file);
        assertTrue(recorded.contains("[127.0.0.1]:" + server.sshPort() + " ssh-ed25519 "), recorded);
        try (Session s = RemoteShell.connect(server.sshUri(), creds, HostKeys.strict(file))) {
            assertEquals(0, s.exec("true").exitCode(), "a recorded host is accepted without asking");
        }

        // Another key for the same [host]:port: refused, whatever the policy for unknown hosts.
        String otherKey = Files.readString(server.authorizedKeysFile());
        Files.writeString(file, "[127.0.0.1]:" + server.sshPort() + " " + otherKey);
        HostKeyException changed = assertThrows(HostKeyException.class,
                () -> RemoteShell.connect(server.sshUri(), creds, HostKeys.acceptNew(file)));
        assertTrue(changed.getMessage().contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), changed.getMessage());
        assertFalse(changed.isUnknownHost());
    }

    @Test
    void wrongKeyFailsAuthenticationButAPasswordFromThePromptWorks() throws IOException {
        Path stranger = TestServer.newKeyFile(Files.createDirectory(dir.resolve("stranger")));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> RemoteShell.connect(server.sshUri(),
                Credentials.sshKeys(List.of(stranger), (q, retry) -> null), HostKeys.acceptNew(knownHosts)));
        assertTrue(e.getMessage().contains("authentication as alice"), e.getMessage());

        server.setPassword("correct horse");
        List<String> questions = new ArrayList<>();
        try (Session s = RemoteShell.connect(server.sshUri(), Credentials.sshKeys(List.of(stranger), (q, retry) -> {
            questions.add(q + retry);
            return retry ? "correct horse" : "wrong";
        }), HostKeys.acceptNew(knownHosts))) {
            assertEquals("in\n", s.exec("echo in").stdoutText());
        }
        assertEquals(List.of("alice@127.0.0.1's password: false", "alice@127.0.0.1's password: true"), questions);
    }

    @Test
    void nothingListeningIsAConnectFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectFailedException e = assertThrows(ConnectFailedException.class, () -> RemoteShell.connect(
                URI.create("ssh://alice@127.0.0.1:" + port), Credentials.sshKeys(List.of(key), (q, r) -> null),
                HostKeys.acceptNew(knownHosts)));
        assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + port), e.getMessage());
    }
}
