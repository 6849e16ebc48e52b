package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Debian's ansible-core manages three rshelld hosts through its stock ssh connection plugin, with the
 * plugin's default ssh arguments (ControlMaster, ControlPersist, -C): the ad-hoc modules people start
 * with and a short playbook, each with pipelining off and on and with both file transfer methods.
 * The three servers and the ssh master connections are shared by the whole class, as they would be
 * by a user's runs in a row, which keeps the 29 Ansible runs to a couple of seconds each.
 */
@Timeout(180)
class AnsibleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The four ways Ansible moves modules and files: pipelining off/on, times SFTP or SCP. */
    enum Mode {
        SFTP(false, "sftp"), SFTP_PIPELINING(true, "sftp"), SCP(false, "scp"), SCP_PIPELINING(true, "scp");

        final boolean pipelining;
        final String transfer;

        Mode(boolean pipelining, String transfer) {
            this.pipelining = pipelining;
            this.transfer = transfer;
        }

        Map<String, String> settings() {
            // OpenSSH 9's scp speaks SFTP unless given -O, so without it "scp" would test SFTP twice; Ansible's
            // own documentation of ssh_transfer_method says to add exactly this for scp.
            return transfer.equals("scp")
                    ? Map.of("ANSIBLE_PIPELINING", Boolean.toString(pipelining), "ANSIBLE_SSH_TRANSFER_METHOD", "scp",
                    "ANSIBLE_SCP_EXTRA_ARGS", "-O")
                    : Map.of("ANSIBLE_PIPELINING", Boolean.toString(pipelining), "ANSIBLE_SSH_TRANSFER_METHOD", "sftp");
        }
    }

    @TempDir
    static Path dir;
    static AnsibleHosts hosts;

    @BeforeAll
    static void startHosts() {
        hosts = AnsibleHosts.start(dir);
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.close();
            hosts = null;
        }
    }

    @Test
    void sshDashCNegotiatesDelayedZlibAndPlainSshNone() {
        String port = Integer.toString(hosts.servers.get(0).sshPort());
        ClientRun.Result compressed = hosts.run(Map.of(), List.of("ssh", "-F", hosts.sshConfig.toString(), "-C", "-v", "-p", port,
                AnsibleHosts.USER + "@127.0.0.1", "echo", "squeezed"));
        assertEquals("squeezed\n", compressed.assertSucceeded().stdout());
        assertTrue(compressed.stderr().contains("client->server cipher: chacha20-poly1305@openssh.com MAC: <implicit> compression: zlib@openssh.com")
                && compressed.stderr().contains("server->client cipher: chacha20-poly1305@openssh.com MAC: <implicit> compression: zlib@openssh.com"),
                compressed.stderr());
        ClientRun.Result plain = hosts.run(Map.of(), List.of("ssh", "-F", hosts.sshConfig.toString(), "-v", "-p", port,
                AnsibleHosts.USER + "@127.0.0.1", "true"));
        assertTrue(plain.assertSucceeded().stderr().contains("compression: none"), plain.stderr());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void pingAnswersPongOnEveryHost(Mode mode) {
        ClientRun.Result r = adHoc(mode, "ping");
        for (String host : AnsibleHosts.NAMES) {
            assertEquals("pong", result(r, host).path("ping").asText(), r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void commandRunsOnEachHostWithItsOwnVariables(Mode mode) {
        ClientRun.Result r = adHoc(mode, "command", "-a", "echo {{ inventory_hostname }} on port {{ ansible_port }}");
        for (int i = 0; i < AnsibleHosts.NAMES.size(); i++) {
            String host = AnsibleHosts.NAMES.get(i);
            JsonNode h = result(r, host);
            assertEquals(0, h.path("rc").asInt(-1), r.toString());
            assertEquals(host + " on port " + hosts.servers.get(i).sshPort(), h.path("stdout").asText(), r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shellKeepsPipesStreamsAndTheExitStatus(Mode mode) {
        ClientRun.Result r = hosts.run(mode.settings(), List.of("ansible", "all", "-m", "shell", "-a",
                "echo out | tr o 0; echo err >&2; exit 3"));
        assertEquals(2, r.exit(), "Ansible's exit status for failed hosts: " + r);
        for (String host : AnsibleHosts.NAMES) {
            JsonNode h = AnsibleHosts.task(r, 0).path(host);
            assertTrue(h.path("failed").asBoolean(), r.toString());
            assertEquals(3, h.path("rc").asInt(), r.toString());
            assertEquals("0ut", h.path("stdout").asText(), r.toString());
            assertEquals("err", h.path("stderr").asText(), r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void copyPlacesEveryByteWithTheModeThroughTheChosenTransfer(Mode mode) throws IOException {
        Path base = perHostDirs(mode, "copy");
        Path payload = base.resolve("payload.bin");
        // A size of this mode's own, so that the audit entry found below is this upload's and no other test's.
        int size = 300_000 + 50_000 * mode.ordinal();
        String sha = Payloads.write(payload, size, mode.ordinal());
        ClientRun.Result r = adHoc(mode, "copy", "-a", "src=" + payload + " dest=" + base + "/{{ inventory_hostname }}/copied.bin mode=0640");
        for (int i = 0; i < AnsibleHosts.NAMES.size(); i++) {
            String host = AnsibleHosts.NAMES.get(i);
            assertTrue(result(r, host).path("changed").asBoolean(), r.toString());
            Path copied = base.resolve(host).resolve("copied.bin");
            assertEquals(sha, Payloads.sha256(copied));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(copied)));
            int server = i;
            Await.until(Duration.ofSeconds(10), host + "'s audit log shows the upload by " + mode.transfer,
                    () -> audited(server, mode.transfer, size));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fetchBringsBackEachHostsOwnFile(Mode mode) throws IOException {
        Path base = perHostDirs(mode, "fetch");
        for (String host : AnsibleHosts.NAMES) {
            Files.writeString(base.resolve(host).resolve("remote.txt"), "written on " + host + "\n");
        }
        Path local = Files.createDirectory(base.resolve("fetched"));
        ClientRun.Result r = adHoc(mode, "fetch", "-a", "src=" + base + "/{{ inventory_hostname }}/remote.txt dest=" + local + "/");
        for (String host : AnsibleHosts.NAMES) {
            assertTrue(result(r, host).path("changed").asBoolean(), r.toString());
            // fetch's layout: DEST/HOST/full remote path.
            Path fetched = Path.of(local + "/" + host + base + "/" + host + "/remote.txt");
            assertEquals("written on " + host + "\n", Files.readString(fetched), r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fileMakesTheDirectoryOnceAndThenReportsNoChange(Mode mode) throws IOException {
        Path base = perHostDirs(mode, "file");
        String[] args = {"-a", "path=" + base + "/{{ inventory_hostname }}/made state=directory mode=0750"};
        ClientRun.Result first = adHoc(mode, "file", args);
        ClientRun.Result again = adHoc(mode, "file", args);
        for (String host : AnsibleHosts.NAMES) {
            assertTrue(result(first, host).path("changed").asBoolean(), first.toString());
            assertFalse(result(again, host).path("changed").asBoolean(), again.toString());
            Path made = base.resolve(host).resolve("made");
            assertTrue(Files.isDirectory(made));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aShortPlaybookRunsEveryTaskOnEveryHost(Mode mode) throws IOException {
        Path base = perHostDirs(mode, "play");
        Path playbook = base.resolve("site.yml");
        Files.writeString(playbook, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: a directory per host
                      file: {path: "BASE/{{ inventory_hostname }}/www", state: directory, mode: "0755"}
                    - name: a file made from variables
                      copy: {content: "{{ inventory_hostname }} via {{ ansible_connection }}\\n", dest: "BASE/{{ inventory_hostname }}/www/index.txt"}
                    - name: read back
                      command: cat BASE/{{ inventory_hostname }}/www/index.txt
                      register: page
                    - name: what was written is what is read
                      assert: {that: ["page.stdout == inventory_hostname + ' via ssh'"]}
                    - name: a pipeline
                      shell: wc -c < BASE/{{ inventory_hostname }}/www/index.txt
                      register: size
                      changed_when: false
                """.replace("BASE", base.toString()), StandardCharsets.UTF_8);
        ClientRun.Result r = hosts.run(mode.settings(), List.of("ansible-playbook", playbook.toString()));
        JsonNode stats = AnsibleHosts.report(r.assertSucceeded()).path("stats");
        for (String host : AnsibleHosts.NAMES) {
            JsonNode s = stats.path(host);
            assertEquals(5, s.path("ok").asInt(), r.toString());
            assertEquals(0, s.path("failures").asInt() + s.path("unreachable").asInt(), r.toString());
            assertEquals(host + " via ssh\n", Files.readString(base.resolve(host).resolve("www").resolve("index.txt")));
        }
    }

    /** {@code ansible all -m MODULE ARGS...}, which must succeed on every host. */
    private static ClientRun.Result adHoc(Mode mode, String module, String... args) {
        List<String> command = new ArrayList<>(List.of("ansible", "all", "-m", module));
        command.addAll(List.of(args));
        ClientRun.Result r = hosts.run(mode.settings(), command).assertSucceeded();
        JsonNode stats = AnsibleHosts.report(r).path("stats");
        for (String host : AnsibleHosts.NAMES) {
            assertEquals(0, stats.path(host).path("failures").asInt(-1) + stats.path(host).path("unreachable").asInt(-1), r.toString());
        }
        return r;
    }

    private static JsonNode result(ClientRun.Result r, String host) {
        JsonNode h = AnsibleHosts.task(r, 0).path(host);
        assertFalse(h.isMissingNode(), "no result for " + host + ": " + r);
        return h;
    }

    /** BASE/web1, BASE/web2, BASE/web3 for one test and mode: the "hosts" share this machine's file system. */
    private static Path perHostDirs(Mode mode, String test) throws IOException {
        Path base = Files.createDirectories(dir.resolve("work").resolve(test + "-" + mode.name().toLowerCase()));
        for (String host : AnsibleHosts.NAMES) {
            Files.createDirectory(base.resolve(host));
        }
        return base;
    }

    /** Whether host {@code server}'s audit log has a {@code kind} ("sftp", "scp") entry that received {@code bytes} and framing. */
    private static boolean audited(int server, String kind, long bytes) {
        try {
            for (String line : Files.readAllLines(hosts.auditLog(server))) {
                JsonNode e = JSON.readTree(line);
                if (e.path("kind").asText().equals(kind) && e.path("bytes_in").asLong() >= bytes
                        && e.path("bytes_in").asLong() < bytes + 10_000) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
