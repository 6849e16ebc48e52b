package io.remoteshell.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Three real rshelld "hosts" for Ansible ({@link EmbeddedRshelld}): each its own state dir and SSH port on loopback, all with the
 * server settings a user gets by default (SFTP and SCP see the real file system, as with OpenSSH), and
 * one controller environment: a private HOME with its own key and known_hosts, an inventory naming
 * the hosts by port only, and an ansible.cfg that holds nothing but this test's plumbing.
 * <p>
 * OpenSSH reads ~/.ssh from the password database, not from $HOME, so the ssh that Ansible runs is
 * pointed at the private files with {@code -F} ({@code ssh_common_args}, which adds to Ansible's default
 * {@code ssh_args} instead of replacing them: ControlMaster, ControlPersist and -C stay as shipped).
 */
final class AnsibleHosts implements AutoCloseable {

    static final String USER = "tester";
    static final List<String> NAMES = List.of("web1", "web2", "web3");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path home;
    final Path key;
    final Path sshConfig;
    final Path inventory;
    final List<EmbeddedRshelld> servers;
    private final Path config;
    private final Path controlDir;

    private AnsibleHosts(Path dir, Path home, Path key, Path sshConfig, Path inventory, Path config, Path controlDir,
                         List<EmbeddedRshelld> servers) {
        this.dir = dir;
        this.home = home;
        this.key = key;
        this.sshConfig = sshConfig;
        this.inventory = inventory;
        this.config = config;
        this.controlDir = controlDir;
        this.servers = servers;
    }

    static AnsibleHosts start(Path dir) {
        ClientTools.require(dir);
        List<EmbeddedRshelld> servers = new ArrayList<>();
        try {
            Path home = Files.createDirectory(dir.resolve("home"));
            Path dotSsh = Files.createDirectory(home.resolve(".ssh"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path key = dotSsh.resolve("id_ed25519");
            ClientRun.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ansible-controller", "-f", key.toString()),
                    dir, Map.of(), null, Duration.ofSeconds(60)).assertSucceeded();
            StringBuilder knownHosts = new StringBuilder();
            StringBuilder inventory = new StringBuilder("[rshelld]\n");
            for (int i = 0; i < NAMES.size(); i++) {
                EmbeddedRshelld server = EmbeddedRshelld.builder().user(USER).authorizedKey(USER, Path.of(key + ".pub"))
                        .generateKeys(false).rsps(false).directory(dir.resolve(NAMES.get(i))).start();
                servers.add(server);
                knownHosts.append(Files.readString(server.knownHosts()));
                // The README's inventory line, plus the interpreter so that discovery's guess never varies with the machine.
                inventory.append(NAMES.get(i)).append(" ansible_host=127.0.0.1 ansible_port=").append(server.sshPort())
                        .append(" ansible_user=").append(USER).append(" ansible_python_interpreter=").append(ClientTools.PYTHON)
                        .append('\n');
            }
            Files.writeString(dotSsh.resolve("known_hosts"), knownHosts);
            Path sshConfig = home.resolve("ssh_config");
            Files.writeString(sshConfig, "UserKnownHostsFile " + dotSsh.resolve("known_hosts") + "\nGlobalKnownHostsFile /dev/null\n"
                    + "IdentityFile " + key + "\nIdentitiesOnly yes\nBatchMode yes\n");
            Path inventoryFile = dir.resolve("inventory.ini");
            Files.writeString(inventoryFile, inventory);
            // Unix sockets have a 108-byte path limit; a JUnit temp dir plus Ansible's hash can pass it.
            Path controlDir = Files.createTempDirectory(Path.of("/tmp"), "acp");
            Path remoteTmp = Files.createDirectory(dir.resolve("remote-tmp"));
            Path config = dir.resolve("ansible.cfg");
            Files.writeString(config, "[defaults]\ninventory = " + inventoryFile + "\nremote_tmp = " + remoteTmp + "\n"
                    + "[ssh_connection]\ncontrol_path_dir = " + controlDir + "\nssh_common_args = -F " + sshConfig + "\n");
            return new AnsibleHosts(dir, home, key, sshConfig, inventoryFile, config, controlDir, servers);
        } catch (IOException | RuntimeException e) {
            servers.forEach(EmbeddedRshelld::close);
            throw e instanceof IOException io ? new UncheckedIOException("cannot set up the Ansible hosts in " + dir, io)
                    : (RuntimeException) e;
        }
    }

    /** Runs {@code program args...} (ansible, ansible-playbook) as the controller, with {@code settings} as ANSIBLE_* variables. */
    ClientRun.Result run(Map<String, String> settings, List<String> command) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("HOME", home.toString());
        env.put("ANSIBLE_CONFIG", config.toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        // One JSON document per run (hosts, results, stats) instead of text to scrape.
        env.put("ANSIBLE_LOAD_CALLBACK_PLUGINS", "1");
        env.put("ANSIBLE_STDOUT_CALLBACK", "json");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return ClientRun.run(command, dir, env, null, Duration.ofSeconds(120));
    }

    /** What the json callback printed: per task, per host. */
    static JsonNode report(ClientRun.Result r) {
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("Ansible did not print its JSON report: " + r, e);
        }
    }

    /** Each host's result of the report's task number {@code task} (of its only play). */
    static JsonNode task(ClientRun.Result r, int task) {
        return report(r).path("plays").path(0).path("tasks").path(task).path("hosts");
    }

    Path auditLog(int host) {
        return servers.get(host).stateDir().resolve("audit.log");
    }

    @Override
    public void close() {
        // Closing the servers drops the ControlMaster connections, and their ssh processes exit with them.
        servers.forEach(EmbeddedRshelld::close);
        String socketDir = controlDir.toString();
        List<ProcessHandle> masters = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(socketDir)).toList();
        Await.until(Duration.ofSeconds(20), "the ssh ControlMaster processes exit when their server is gone",
                () -> masters.stream().noneMatch(ProcessHandle::isAlive));
        try (var files = Files.list(controlDir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(controlDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the ControlPath directory " + controlDir, e);
        }
    }
}
