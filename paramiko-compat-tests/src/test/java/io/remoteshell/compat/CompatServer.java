package io.remoteshell.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.remoteshell.server.EmbeddedRshelld;
import io.remoteshell.server.SshConfig;
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

/**
 * A real rshelld for the client programs: RSP/1 and SSH on ephemeral loopback ports, a temporary
 * state dir, and the user {@value #USER} who can log in with an Ed25519 key, an RSA key, a password
 * or a token. SFTP is rooted at {@link #files}, so SFTP's "/x" is {@code files/x} here, and commands
 * run over exec see the same file by its real path.
 * <p>
 * The clients get a private HOME (no ~/.ssh of the machine, no agent) and a JSON description of
 * this server, {@link #target}, that every script under src/test/python reads first.
 */
final class CompatServer implements AutoCloseable {

    static final String USER = "tester";
    static final String PASSWORD = "not in any dictionary 7e1b";
    static final Path PYTHON_SCRIPTS = Path.of("src", "test", "python").toAbsolutePath();
    static final Path SHELL_SCRIPTS = Path.of("src", "test", "sh").toAbsolutePath();
    /** The documented standard-library client, run as users run it: from the repository's examples. */
    static final Path RSP_CLIENT = Path.of("..", "examples", "python", "rsp_client.py").toAbsolutePath().normalize();

    final Path dir;
    final Path files;
    final Path ed25519Key;
    final Path rsaKey;
    final Path knownHosts;
    final Path home;
    final Path target;
    final EmbeddedRshelld rshelld;

    private CompatServer(Path dir, Path files, Path ed25519Key, Path rsaKey, Path knownHosts, Path home, Path target,
                         EmbeddedRshelld server) {
        this.dir = dir;
        this.files = files;
        this.ed25519Key = ed25519Key;
        this.rsaKey = rsaKey;
        this.knownHosts = knownHosts;
        this.home = home;
        this.target = target;
        this.rshelld = server;
    }

    /** A server with the default idle timeout (an hour: no test ever meets it). */
    static CompatServer start(Path dir) {
        return start(dir, SshConfig.defaults().idleTimeout());
    }

    /** A server that closes SSH connections idle for {@code idleTimeout}. */
    static CompatServer start(Path dir, Duration idleTimeout) {
        ClientTools.require(dir);
        try {
            Path files = Files.createDirectory(dir.resolve("files"));
            Path home = Files.createDirectory(dir.resolve("home"));
            Files.createDirectory(home.resolve(".ssh"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path keys = Files.createDirectory(dir.resolve("keys"));
            Path ed25519 = keygen(keys, "ed25519", "id_ed25519");
            Path rsa = keygen(keys, "rsa", "id_rsa");
            EmbeddedRshelld server = EmbeddedRshelld.builder().user(USER).password(USER, PASSWORD)
                    .authorizedKey(USER, Path.of(ed25519 + ".pub")).authorizedKey(USER, Path.of(rsa + ".pub")).generateKeys(false)
                    .directory(dir.resolve("server")).sftpRoot(files).sshIdleTimeout(idleTimeout).start();
            try {
                Path target = dir.resolve("target.json");
                CompatServer s = new CompatServer(dir, files, ed25519, rsa, server.knownHosts(), home, target, server);
                s.writeTarget();
                return s;
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the test server in " + dir, e);
        }
    }

    private static Path keygen(Path dir, String type, String name) {
        Path key = dir.resolve(name);
        ClientRun.run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", USER + "-" + type, "-f", key.toString()), dir, Map.of(),
                null, Duration.ofSeconds(60)).assertSucceeded();
        return key;
    }

    private void writeTarget() throws IOException {
        ObjectNode t = new ObjectMapper().createObjectNode();
        t.put("host", "127.0.0.1");
        t.put("ssh_port", rshelld.sshPort());
        t.put("rsp_port", rshelld.rspPort());
        t.put("user", USER);
        t.put("password", PASSWORD);
        t.put("ed25519_key", ed25519Key.toString());
        t.put("rsa_key", rsaKey.toString());
        t.put("known_hosts", knownHosts.toString());
        t.put("token_file", rshelld.tokenFile().toString());
        t.put("files", files.toString());
        t.put("scratch", dir.toString());
        Files.writeString(target, t.toPrettyString(), StandardCharsets.UTF_8);
    }

    /** Runs {@code src/test/python/SCRIPT TARGET ARGS...} with /usr/bin/python3 and returns what it did. */
    ClientRun.Result python(String script, String... args) {
        return python(null, Duration.ofSeconds(90), script, args);
    }

    /** As {@link #python(String, String...)}, with {@code stdin} fed through a pipe and a time limit. */
    ClientRun.Result python(byte[] stdin, Duration limit, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ClientTools.PYTHON, PYTHON_SCRIPTS.resolve(script).toString(), target.toString()));
        cmd.addAll(List.of(args));
        return ClientRun.run(cmd, dir, clientEnv(), stdin, limit);
    }

    /** Runs any client program with the clients' private environment. */
    ClientRun.Result program(List<String> command, Duration limit) {
        return ClientRun.run(command, dir, clientEnv(), null, limit);
    }

    /** Runs examples/python/rsp_client.py ACTION rsp://tester@127.0.0.1:PORT TOKEN_FILE ARGS... */
    ClientRun.Result rspClient(byte[] stdin, Path stdoutFile, String action, String... args) {
        return rspClient(rshelld.tokenFile(), stdin, stdoutFile, action, args);
    }

    /** As {@link #rspClient(byte[], Path, String, String...)} with another token file. */
    ClientRun.Result rspClient(Path tokenFile, byte[] stdin, Path stdoutFile, String action, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ClientTools.PYTHON, RSP_CLIENT.toString(), action,
                "rsp://" + USER + "@127.0.0.1:" + rshelld.rspPort(), tokenFile.toString()));
        cmd.addAll(List.of(args));
        return ClientRun.run(cmd, dir, clientEnv(), stdin, Duration.ofSeconds(90), stdoutFile);
    }

    /** Runs rsp_client.py --fingerprint FINGERPRINT ACTION rsps://tester@127.0.0.1:PORT TOKEN_FILE ARGS... */
    ClientRun.Result rspsClient(String fingerprint, byte[] stdin, Path stdoutFile, String action, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ClientTools.PYTHON, RSP_CLIENT.toString()));
        if (fingerprint != null) {
            cmd.addAll(List.of("--fingerprint", fingerprint));
        }
        cmd.addAll(List.of(action, "rsps://" + USER + "@127.0.0.1:" + rshelld.rspsPort(), rshelld.tokenFile().toString()));
        cmd.addAll(List.of(args));
        return ClientRun.run(cmd, dir, clientEnv(), stdin, Duration.ofSeconds(90), stdoutFile);
    }

    private Map<String, String> clientEnv() {
        // Scripts are run, never imported by the build, and must leave no __pycache__ in the source tree.
        return Map.of("HOME", home.toString(), "PYTHONDONTWRITEBYTECODE", "1");
    }

    /** The real path of what SFTP calls {@code sftpPath}. */
    Path file(String sftpPath) {
        return files.resolve(sftpPath.replaceFirst("^/+", ""));
    }

    @Override
    public void close() {
        rshelld.close();
    }
}
