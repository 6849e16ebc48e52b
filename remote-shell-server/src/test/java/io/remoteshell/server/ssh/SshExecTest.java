package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.remoteshell.server.Await;
import io.remoteshell.server.ProcessTable;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exec, shells and terminals over SSH, driven by OpenSSH's ssh and by MINA SSHD's client. */
@Timeout(120)
class SshExecTest {

    @TempDir
    static Path dir;
    static SshFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SshFixture.start(dir, c -> c.withSsh(c.ssh().withAcceptEnv(List.of("RSHELL_TEST_VAR"))));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void exitCodesComeBackAndStderrIsSeparate() {
        assertEquals(0, f.run("exit 0").exit());
        assertEquals(1, f.run("false").exit());
        assertEquals(4, f.run("exit 4").exit());
        SshTools.Result r = f.run("echo out; echo err >&2; exit 44");
        assertEquals(44, r.exit(), r.toString());
        assertEquals("out\n", r.out());
        assertTrue(r.stderr().contains("err\n"), r.stderr());
        assertTrue(!r.out().contains("err"), r.out());
    }

    @Test
    void execRunsTheWholeLineInAShell() {
        SshTools.Result r = f.run("X=4; echo $((X*10+2)) | tr 4 Y && echo /proc/sel? && echo 'a  b'");
        assertEquals("Y2\n/proc/self\na  b\n", r.out(), r.toString());
    }

    @Test
    @Timeout(180)
    void hundredMegabytesOfOutputArriveIntact() throws Exception {
        int n = 14_000_000; // seq 1 N: about 110 MB
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        long size = 0;
        for (int i = 1; i <= n; i++) {
            byte[] line = (i + "\n").getBytes(StandardCharsets.US_ASCII);
            expected.update(line);
            size += line.length;
        }
        assertTrue(size > 100_000_000L, "test data is " + size + " bytes");
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        SshTools.Result r = SshTools.run(f.ssh("seq 1 " + n), (SshTools.StdinWriter) null, Duration.ofSeconds(150),
                new DigestOutputStream(OutputStream.nullOutputStream(), actual));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(HexFormat.of().formatHex(expected.digest()), HexFormat.of().formatHex(actual.digest()));
    }

    @Test
    @Timeout(180)
    void thirtyMegabytesOfStdinArriveIntact() throws Exception {
        byte[] data = new byte[30 * 1024 * 1024];
        new Random(42).nextBytes(data);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        SshTools.Result r = SshTools.run(f.ssh("sha256sum"), data, Duration.ofSeconds(150));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(expected + "  -\n", r.out());
    }

    /** OpenSSH's default cipher, on the server's JDK-based chacha20-poly1305, both ways and across re-keys. */
    @Test
    @Timeout(180)
    void chacha20Poly1305CarriesDataBothWaysIntactAcrossReKeys() throws Exception {
        byte[] data = new byte[24 * 1024 * 1024];
        new Random(7).nextBytes(data);
        MessageDigest echoed = MessageDigest.getInstance("SHA-256");
        SshTools.Result r = SshTools.run(f.ssh("-v", "-c", "chacha20-poly1305@openssh.com", "-o", "RekeyLimit=4M", "cat"),
                out -> out.write(data), Duration.ofSeconds(150), new DigestOutputStream(OutputStream.nullOutputStream(), echoed));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)),
                HexFormat.of().formatHex(echoed.digest()));
        assertTrue(r.stderr().contains("server->client cipher: chacha20-poly1305@openssh.com")
                && r.stderr().contains("client->server cipher: chacha20-poly1305@openssh.com"), r.stderr());
        long kexes = r.stderr().lines().filter(l -> l.contains("SSH2_MSG_NEWKEYS received")).count();
        assertTrue(kexes >= 3, "24 MiB at RekeyLimit=4M should re-key several times; key exchanges: " + kexes);
    }

    @Test
    void lcAndConfiguredVariablesAreAcceptedOthersRefused() {
        SshTools.Result r = f.run("-o", "SetEnv=LC_RSHELL_TEST=fr LANG=C.UTF-8 RSHELL_TEST_VAR=yes NOT_ACCEPTED=x",
                "echo \"${LC_RSHELL_TEST-unset} ${LANG-unset} ${RSHELL_TEST_VAR-unset} ${NOT_ACCEPTED-unset}\"");
        assertEquals("fr C.UTF-8 yes unset\n", r.out(), r.toString());
    }

    @Test
    void opensshTtGetsAPseudoTerminal() {
        SshTools.Result r = f.run("-tt", "tty; stty size; echo $TERM");
        assertEquals(0, r.exit(), r.toString());
        // No local terminal: ssh asks for size 0x0, which means "unknown"; the server uses 80x24 then.
        assertTrue(r.out().matches("(?s)/dev/pts/\\d+\r\n24 80\r\n\\S+\r\n"), r.out());
    }

    @Test
    void ptyHasTheRequestedSizeAndFollowsWindowChanges() throws Exception {
        try (ClientSession s = f.mina(); ChannelExec ch = s.createExecChannel("tty; stty size; echo $TERM; read x; stty size")) {
            ch.setUsePty(true);
            ch.setPtyType("xterm-256color");
            ch.setPtyColumns(100);
            ch.setPtyLines(33);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.open().verify(Duration.ofSeconds(10));
            Await.until(Duration.ofSeconds(10), () -> text(out).contains("xterm-256color"), "the first lines");
            ch.sendWindowChange(120, 40);
            ch.getInvertedIn().write("\n".getBytes(StandardCharsets.US_ASCII));
            ch.getInvertedIn().flush();
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
            assertEquals(0, ch.getExitStatus());
            assertTrue(text(out).matches("(?s)/dev/pts/\\d+\r\n33 100\r\nxterm-256color\r\n\r\n40 120\r\n"), text(out));
        }
    }

    @Test
    void ctrlCOnAPtyEndsTheCommandAndLeavesNoProcess() throws Exception {
        try (ClientSession s = f.mina(); ChannelExec ch = s.createExecChannel("echo pid=$$; sleep 40")) {
            ch.setUsePty(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.open().verify(Duration.ofSeconds(10));
            long pid = awaitPid(out);
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) >= 2, "sleep to run");
            ch.getInvertedIn().write(3); // ^C: the pty's line discipline sends SIGINT to the foreground job
            ch.getInvertedIn().flush();
            // Closed within 20 s is closed by ^C: sleep 40 would still be running.
            assertTrue(ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20))
                    .contains(ClientChannelEvent.CLOSED), "^C ended the command");
            assertEquals(130, ch.getExitStatus());
            assertEquals("INT", ch.getExitSignal());
            Await.until(Duration.ofSeconds(5), () -> ProcessTable.liveInSession(pid) == 0, "no process left in session " + pid);
        }
    }

    @Test
    void signalRequestsReachTheProcessGroup() throws Exception {
        try (ClientSession s = f.mina(); ChannelExec ch = s.createExecChannel("echo pid=$$; sleep 40")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.open().verify(Duration.ofSeconds(10));
            long pid = awaitPid(out);
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) >= 2, "sleep to run");
            // RFC 4254 6.9 "signal"; MINA's client has no method for it.
            Buffer b = s.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            b.putUInt(ch.getRecipient());
            b.putString("signal");
            b.putBoolean(false);
            b.putString("TERM");
            ch.writePacket(b);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
            assertEquals(143, ch.getExitStatus());
            assertEquals("TERM", ch.getExitSignal());
            Await.until(Duration.ofSeconds(5), () -> ProcessTable.liveInSession(pid) == 0, "no process left in session " + pid);
        }
    }

    @Test
    void closingTheChannelKillsEverythingItRan() throws Exception {
        try (ClientSession s = f.mina()) {
            ChannelExec ch = s.createExecChannel("echo pid=$$; sleep 40 & sleep 40 & wait");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.open().verify(Duration.ofSeconds(10));
            long pid = awaitPid(out);
            Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 3, "shell and two sleeps");
            ch.close(false).await(Duration.ofSeconds(10)); // sends CHANNEL_CLOSE; the connection stays
            Await.until(Duration.ofSeconds(5), () -> ProcessTable.liveInSession(pid) == 0, "no process left in session " + pid);
        }
    }

    @Test
    void droppingTheConnectionKillsEverythingItRan() throws Exception {
        ClientSession s = f.mina();
        ChannelExec ch = s.createExecChannel("echo pid=$$; sleep 40 & sleep 40 & wait");
        ch.setUsePty(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ch.setOut(out);
        ch.open().verify(Duration.ofSeconds(10));
        long pid = awaitPid(out);
        Await.until(Duration.ofSeconds(10), () -> ProcessTable.liveInSession(pid) == 3, "shell and two sleeps");
        s.close(true); // the TCP connection just goes, as when a laptop's lid closes
        Await.until(Duration.ofSeconds(5), () -> ProcessTable.liveInSession(pid) == 0, "no process left in session " + pid);
    }

    @Test
    void aShellWithoutPtyReadsCommandsFromAPipe() {
        SshTools.Result r = SshTools.run(f.ssh("-T"), "echo hi from $0\nexit 3\n".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().startsWith("hi from "), r.out());
    }

    @Test
    void manyChannelsRunAtOnceOnOneConnection() throws Exception {
        try (ClientSession s = f.mina()) {
            List<ChannelExec> channels = new ArrayList<>();
            List<ByteArrayOutputStream> outs = new ArrayList<>();
            // Each command waits until all eight have started: run one after another, the first would never end.
            Path started = Files.createDirectory(dir.resolve("eight-channels"));
            for (int i = 0; i < 8; i++) {
                ChannelExec ch = s.createExecChannel("touch " + started + "/" + i + "; until [ $(ls " + started
                        + " | wc -l) -eq 8 ]; do sleep 0.05; done; echo channel " + i);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ch.setOut(out);
                ch.open().verify(Duration.ofSeconds(10));
                channels.add(ch);
                outs.add(out);
            }
            for (int i = 0; i < 8; i++) {
                channels.get(i).waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
                assertEquals(0, channels.get(i).getExitStatus());
                assertEquals("channel " + i + "\n", text(outs.get(i)));
            }
        }
    }

    @Test
    void anEleventhSessionOnOneConnectionIsRefusedWithTheReason() throws Exception {
        try (ClientSession s = f.mina()) {
            List<ChannelExec> held = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ChannelExec ch = s.createExecChannel("cat");
                ch.open().verify(Duration.ofSeconds(10));
                held.add(ch);
            }
            ChannelExec eleventh = s.createExecChannel("echo eleventh");
            Throwable e = assertThrows(Exception.class, () -> eleventh.open().verify(Duration.ofSeconds(10)));
            while (!(e instanceof SshChannelOpenException) && e.getCause() != null) {
                e = e.getCause();
            }
            SshChannelOpenException refused = assertInstanceOf(SshChannelOpenException.class, e);
            assertEquals(SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, refused.getReasonCode());
            assertTrue(refused.getMessage().contains("maximum of 10 sessions"), refused.getMessage());
            for (ChannelExec ch : held) {
                ch.getInvertedIn().close(); // EOF: cat ends
                ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
                assertEquals(0, ch.getExitStatus());
            }
        }
    }

    @Test
    void keepAlivesAreAnswered() {
        // Unanswered keep-alives make ssh give up after Interval*CountMax = 1 s, long before the command ends.
        SshTools.Result r = f.run("-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=1", "sleep 3; echo alive");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("alive\n", r.out());
    }

    @Test
    void execAndShellSessionsAreAudited() {
        assertEquals(0, f.run("echo audited-exec").exit());
        assertEquals(5, SshTools.run(f.ssh("-T"), "exit 5\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30)).exit());
        Await.until(Duration.ofSeconds(5), () -> f.sshAudit().stream().anyMatch(e -> e.path("kind").asText().equals("shell")
                && e.path("code").asInt() == 5), "the shell's audit line");
        JsonNode exec = f.sshAudit().stream().filter(e -> "echo audited-exec".equals(e.path("command").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no audit line for the exec: " + f.sshAudit()));
        assertEquals("exec", exec.path("kind").asText());
        assertEquals(SshFixture.USER, exec.path("user").asText());
        assertEquals(0, exec.path("code").asInt());
        assertEquals("audited-exec\n".length(), exec.path("bytes_out").asLong());
        assertTrue(exec.path("peer").asText().startsWith("127.0.0.1:"), exec.toString());
    }

    private static long awaitPid(ByteArrayOutputStream out) {
        Pattern p = Pattern.compile("pid=(\\d+)");
        Await.until(Duration.ofSeconds(10), () -> p.matcher(text(out)).find(), "the command's pid");
        Matcher m = p.matcher(text(out));
        m.find();
        return Long.parseLong(m.group(1));
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
