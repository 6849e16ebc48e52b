package io.remoteshell.client.cli.fleet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.Deadline;
import io.remoteshell.client.FileTrees;
import io.remoteshell.client.Jvm;
import io.remoteshell.client.cli.Rshell;
import io.remoteshell.client.fleet.FleetServers;
import io.remoteshell.client.fleet.Processes;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rshell -H} and {@code --hosts} as a user runs them: a real rshell process against real servers on loopback,
 * RSP/1, rsps and SSH hosts mixed, one that is down, one that hangs.
 */
@Timeout(120)
class FleetCliTest {

    @TempDir
    static Path dir;
    static FleetServers net;
    static Path home;
    static Path inventory;

    @BeforeAll
    static void start() throws IOException {
        net = new FleetServers(dir, 2);
        home = Files.createDirectories(dir.resolve("home"));
        EmbeddedRshelld a = net.servers.get(0);
        EmbeddedRshelld b = net.servers.get(1);
        inventory = Files.writeString(dir.resolve("hosts.ini"), String.join("\n",
                "[rsp]",
                "a-rsp ansible_host=127.0.0.1 rshell_rsp_port=" + a.rspPort() + " rshell_token_file=" + a.tokenFile(),
                "b-rsp ansible_host=127.0.0.1 rshell_rsp_port=" + b.rspPort() + " rshell_token_file=" + b.tokenFile(),
                "[rsp:vars]",
                "rshell_scheme=rsp",
                "[rsps]",
                "a-rsps ansible_host=127.0.0.1 rshell_scheme=rsps rshell_rsps_port=" + a.rspsPort() + " rshell_token_file=" + a.tokenFile(),
                "[ssh]",
                "a-ssh ansible_host=127.0.0.1 ansible_port=" + a.sshPort(),
                "b-ssh ansible_host=127.0.0.1 ansible_port=" + b.sshPort(),
                "[ssh:vars]",
                "ansible_ssh_private_key_file=" + net.key,
                "[broken]",
                "down ansible_host=127.0.0.1 rshell_scheme=rsp rshell_rsp_port=" + net.downPort + " rshell_token_file=" + a.tokenFile(),
                "[all:vars]",
                "ansible_user=alice",
                ""));
    }

    @AfterAll
    static void stop() throws IOException {
        net.close();
    }

    record Run(int exit, String out, String err) {
        /** The summary lines rshell printed at the end, by host. */
        Map<String, String> summary() {
            Map<String, String> byHost = new LinkedHashMap<>();
            Matcher m = Pattern.compile("(?m)^\\[\\d+/\\d+] (SUCCESS|FAILURE) (\\S+)(.*)$").matcher(err);
            while (m.find()) {
                byHost.put(m.group(2), m.group(0));
            }
            return byHost;
        }
    }

    static List<String> rshellCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=INT"));
        command.addAll(Jvm.command(Rshell.class.getName(), "-Duser.home=" + home));
        command.add("--accept-new");
        command.addAll(List.of(args));
        return command;
    }

    static Run rshell(String... args) throws Exception {
        Process p = new ProcessBuilder(rshellCommand(args)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rshell did not finish: " + List.of(args));
        }
        return new Run(p.exitValue(), new String(out.get(), UTF_8), new String(err.get(), UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyLineComesWholeAndLabelledAndEachHostGetsASummaryLine() throws Exception {
        int bSsh = net.servers.get(1).sshPort();
        // Each line is written in two pieces, so that hosts' pieces would mix if rshell printed pieces as they came;
        // the last line has no newline. b-ssh (SSH_CONNECTION ends with its port) exits 2.
        String command = "for i in $(seq 100); do printf aaaa-; printf 'bbbb\\n'; printf 'e-' >&2; echo $i >&2; done; "
                + "printf tail; case \"$SSH_CONNECTION\" in *' " + bSsh + "') exit 2;; esac";
        Run r = rshell("--hosts", inventory.toString(), command);

        Map<String, Integer> lines = new LinkedHashMap<>();
        for (String line : r.out().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = Pattern.compile("^(a-rsp|b-rsp|a-rsps|a-ssh|b-ssh): (aaaa-bbbb|tail)$").matcher(line);
            assertTrue(m.matches(), "a whole line of one host: [" + line + "]");
            lines.merge(m.group(1), 1, Integer::sum);
        }
        assertEquals(Map.of("a-rsp", 101, "b-rsp", 101, "a-rsps", 101, "a-ssh", 101, "b-ssh", 101), lines);
        assertTrue(r.err().contains("a-ssh: e-100\n") && r.err().contains("b-rsp: e-1\n"), "stderr lines go to stderr, labelled");

        Map<String, String> summary = r.summary();
        assertEquals(List.of("a-rsp", "b-rsp", "a-rsps", "a-ssh", "b-ssh", "down"), List.copyOf(summary.keySet()), r.err());
        assertTrue(summary.get("a-rsp").matches("\\[1/6] SUCCESS a-rsp \\(\\d+\\.\\d s\\)"), summary.get("a-rsp"));
        assertTrue(summary.get("a-rsps").matches("\\[3/6] SUCCESS a-rsps \\(\\d+\\.\\d s\\)"), summary.get("a-rsps"));
        assertTrue(summary.get("b-ssh").matches("\\[5/6] FAILURE b-ssh exit 2 \\(\\d+\\.\\d s\\)"), summary.get("b-ssh"));
        assertTrue(summary.get("down").startsWith("[6/6] FAILURE down cannot connect to 127.0.0.1:" + net.downPort), summary.get("down"));
        assertEquals(4, r.exit(), "pssh's status: a host that could not connect (4) before a non-zero exit (5)");

        Run fails = rshell("--hosts", inventory.toString(), "-H", "@ssh", "case \"$SSH_CONNECTION\" in *' " + bSsh + "') exit 2;; esac");
        assertEquals(5, fails.exit(), fails.err());
    }

    @Test
    void groupPrintsEachHostInOnePieceAndOutDirWritesFiles() throws Exception {
        Run grouped = rshell("--hosts", inventory.toString(), "-H", "@rsp,a-ssh,b-ssh", "--group",
                "for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.05; done");
        assertEquals(0, grouped.exit(), grouped.err());
        for (String host : List.of("a-rsp", "b-rsp", "a-ssh", "b-ssh")) {
            assertTrue(grouped.out().contains("=== " + host + " ===\nout1\nout2\nout3\n"), grouped.out());
            assertTrue(grouped.err().contains("=== " + host + " ===\nerr1\nerr2\nerr3\n"), grouped.err());
        }

        Path out = dir.resolve("out");
        Run files = rshell("--hosts", inventory.toString(), "--out-dir", out.toString(), "echo to-out; echo to-err >&2");
        assertEquals(4, files.exit(), "down cannot connect: " + files.err());
        assertEquals("", files.out(), "with --out-dir alone the output goes to the files only");
        for (String host : List.of("a-rsp", "b-rsp", "a-rsps", "a-ssh", "b-ssh")) {
            assertEquals("to-out\n", Files.readString(out.resolve(host + ".out")));
            assertEquals("to-err\n", Files.readString(out.resolve(host + ".err")));
        }
        assertEquals("", Files.readString(out.resolve("down.out")));
    }

    @Test
    void hostsGivenOnTheCommandLineAndTimeouts() throws Exception {
        EmbeddedRshelld a = net.servers.get(0);
        // Plain TARGETs, pssh-style; the token of a's RSP/1 host from --token-file. The limit leaves a loaded machine
        // time to connect; the hung host never gets past connecting.
        String aSsh = "alice@127.0.0.1:" + a.sshPort();
        String hung = "rsp://alice@127.0.0.1:" + net.blackHolePort();
        String marker = "fleet-cli-timeout-" + System.nanoTime();
        Run r = rshell("-i", net.key.toString(), "--token-file", a.tokenFile().toString(),
                "-H", a.rspUri().toString() + "," + aSsh, "-H", hung, "--host-timeout", "10",
                "case \"$SSH_CONNECTION\" in *' " + a.sshPort() + "') sleep 60; : " + marker + ";; esac; echo fine");
        assertEquals(3, r.exit(), r.err());
        Map<String, String> summary = r.summary();
        String rspLabel = "alice@127.0.0.1:" + a.rspPort();
        assertTrue(summary.get(rspLabel).contains("SUCCESS"), r.err());
        assertTrue(r.out().contains(rspLabel + ": fine\n"), r.out());
        assertTrue(summary.get(aSsh).matches("\\[2/3] FAILURE " + Pattern.quote(aSsh) + " timed out \\(\\d+\\.\\d s\\)"), r.err());
        assertTrue(summary.get("alice@127.0.0.1:" + net.blackHolePort()).contains(" timed out"), r.err());
        Processes.awaitNone(marker);
    }

    @Test
    void ctrlCStopsEveryHostAndLeavesNothingRunning() throws Exception {
        String marker = "fleet-ctrl-c-" + System.nanoTime();
        long[] marks = net.marks();
        Process p = new ProcessBuilder(rshellCommand("--hosts", inventory.toString(), "-H", "@rsp,@rsps,@ssh",
                "echo started; sleep 300; : " + marker)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            Deadline.await(Duration.ofSeconds(60), "the command running on all five hosts", () -> Processes.count(marker, p.pid()) == 5);
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "rshell ends after Ctrl-C");
            assertEquals(130, p.exitValue());
            String stderr = new String(err.get(), UTF_8);
            for (String host : List.of("a-rsp", "b-rsp", "a-rsps", "a-ssh", "b-ssh")) {
                assertTrue(stderr.contains("FAILURE " + host + " interrupted"), stderr);
                assertTrue(new String(out.get(), UTF_8).contains(host + ": started\n"));
            }
            Processes.awaitNone(marker);
            assertEquals(List.of(), net.leftovers(marks), "no server has a command of this test still running");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aClosedStdoutStopsEveryHostQuietlyLikeSigpipe() throws Exception {
        long[] marks = net.marks();
        Process p = new ProcessBuilder(rshellCommand("--hosts", inventory.toString(), "-H", "@rsp", "yes"))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            // Either host of the group may print first; its line starts with its label.
            byte[] label = p.getInputStream().readNBytes("a-rsp: ".length());
            assertTrue(List.of("a-rsp: ", "b-rsp: ").contains(new String(label, UTF_8)), "a host's label: " + new String(label, UTF_8));
            p.getInputStream().close(); // like `rshell -H ... yes | head -1`
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rshell stops when nobody reads its output");
            assertEquals(128 + 13, p.exitValue());
            assertEquals("", new String(err.get(), UTF_8), "no summary, no stack trace");
            assertEquals(List.of(), net.leftovers(marks), "no yes left running");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void putAndGetFanOutWithEachCopyNamedAfterItsHost() throws Exception {
        Path local = Files.writeString(dir.resolve("config.txt"), "setting=1\n");
        Path remoteDir = Files.createDirectories(dir.resolve("remote"));
        Run put = rshell("--hosts", inventory.toString(), "-H", "@rsp", "put", local.toString(), remoteDir.resolve("shared.txt").toString());
        assertEquals(0, put.exit(), put.err());
        assertEquals("setting=1\n", Files.readString(remoteDir.resolve("shared.txt")));

        Path copies = dir.resolve("copies");
        Run get = rshell("--hosts", inventory.toString(), "get", remoteDir.resolve("shared.txt").toString(), copies.toString());
        assertEquals(4, get.exit(), "down cannot connect: " + get.err());
        for (String host : List.of("a-rsp", "b-rsp", "a-rsps", "a-ssh", "b-ssh")) {
            assertEquals("setting=1\n", Files.readString(copies.resolve(host).resolve("shared.txt")), host);
        }
        Run missing = rshell("--hosts", inventory.toString(), "-H", "@rsp", "get", "/no/such/file", copies.toString());
        assertEquals(5, missing.exit(), missing.err());
        assertTrue(missing.summary().get("a-rsp").contains("FAILURE a-rsp"), missing.err());
    }

    @Test
    void cpFansOutTreesBothWaysWithEachLocalCopyUnderItsHost() throws Exception {
        Path tree = FileTrees.make(Files.createDirectories(dir.resolve("cp-local")));
        Path remote = Files.createDirectories(dir.resolve("cp-remote"));
        // All hosts share this machine's disk: one at a time (-P 1), the second merges into the tree the first made.
        Run up = rshell("--hosts", inventory.toString(), "-H", "a-rsp,a-ssh,down", "-P", "1", "cp", "-r", tree.toString(),
                ":" + remote + "/");
        assertEquals(4, up.exit(), "down cannot connect: " + up.err());
        assertTrue(up.summary().get("a-rsp").contains("SUCCESS"), up.err());
        assertTrue(up.summary().get("a-ssh").contains("SUCCESS"), up.err());
        assertTrue(up.summary().get("down").startsWith("[3/3] FAILURE down cannot connect"), up.err());
        assertEquals(FileTrees.describe(tree), FileTrees.describe(remote.resolve("tree")));

        Path copies = dir.resolve("cp-copies");
        Run down = rshell("--hosts", inventory.toString(), "-H", "a-rsp,a-rsps,b-ssh,down", "cp", ":" + remote.resolve("tree"),
                copies.toString(), "-r");
        assertEquals(4, down.exit(), down.err());
        for (String host : List.of("a-rsp", "a-rsps", "b-ssh")) {
            assertEquals(FileTrees.describe(tree), FileTrees.describe(copies.resolve(host).resolve("tree")), host);
        }
        assertEquals(List.of("a-rsp", "a-rsps", "b-ssh"), list(copies), "no directory for the host that never connected");

        // put into a directory keeps the file's name there, as cp does.
        Run put = rshell("--hosts", inventory.toString(), "-H", "@rsp", "put", tree.resolve("run.sh").toString(), remote.toString());
        assertEquals(0, put.exit(), put.err());
        assertEquals(Files.readString(tree.resolve("run.sh")), Files.readString(remote.resolve("run.sh")));
    }

    private static List<String> list(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void selectionMistakesAreUsageErrorsThatSayWhatExists() throws Exception {
        Run unknown = rshell("--hosts", inventory.toString(), "-H", "@nosuch", "true");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no group nosuch in") && unknown.err().contains("rsp, rsps, ssh, broken"), unknown.err());
        Run noFile = rshell("-H", "@web", "true");
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().contains("--hosts FILE"), noFile.err());
        Run noCommand = rshell("-H", "web1");
        assertEquals(2, noCommand.exit());
        assertTrue(noCommand.err().contains("give the COMMAND"), noCommand.err());
    }
}
