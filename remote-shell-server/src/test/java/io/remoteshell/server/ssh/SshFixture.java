package io.remoteshell.server.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.remoteshell.server.EmbeddedRshelld;
import io.remoteshell.server.RshellServer;
import io.remoteshell.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.loader.openssh.OpenSSHKeyPairResourceParser;

/**
 * A real rshelld ({@link EmbeddedRshelld}, everything under {@code dir}) with SSH on an ephemeral port (RSP/1 too,
 * also ephemeral), a user "alice" whose authorized_keys holds a fresh Ed25519 key, and the command lines that drive it
 * with OpenSSH.
 */
final class SshFixture implements AutoCloseable {

    static final String USER = "alice";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path state;
    final Path key;
    final Path knownHosts;
    final EmbeddedRshelld embedded;
    final RshellServer server;
    private SshClient client;

    private SshFixture(Path dir, EmbeddedRshelld embedded) {
        this.dir = dir;
        this.embedded = embedded;
        this.state = embedded.stateDir();
        this.key = embedded.privateKey();
        this.knownHosts = embedded.knownHosts();
        this.server = embedded.server();
    }

    /** The server with {@code tweak} applied last to its configuration; the state and keys live in {@code dir}. */
    static SshFixture start(Path dir, UnaryOperator<ServerConfig> tweak) throws IOException {
        SshTools.require();
        return new SshFixture(dir, EmbeddedRshelld.builder().user(USER).directory(dir).rsps(false).config(tweak).start());
    }

    /** Replaces alice's authorized_keys (mode 0600) with {@code text}. */
    void authorize(String text) {
        Path file = server.users().authorizedKeysFile(USER);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String publicKey() {
        try {
            return Files.readString(Path.of(key + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.sshPort();
    }

    /** OpenSSH options every client here uses: no user config, a private known_hosts, no prompts, only our key. */
    List<String> options(Path identity) {
        return new ArrayList<>(List.of("-F", "/dev/null", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=accept-new", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=20", "-i", identity.toString()));
    }

    /** {@code ssh [options] -p PORT alice@127.0.0.1 ARGS...} with alice's key. */
    List<String> ssh(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(options(key));
        cmd.addAll(List.of("-p", Integer.toString(port())));
        cmd.addAll(List.of(args).subList(0, firstNonOption(args)));
        cmd.add(USER + "@127.0.0.1");
        cmd.addAll(List.of(args).subList(firstNonOption(args), args.length));
        return cmd;
    }

    /** Leading args that start with "-" (and the value after -o/-c/-R/-L/-W) are ssh options, the rest the command. */
    private static int firstNonOption(String[] args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            i += List.of("-o", "-c", "-R", "-L", "-W", "-i", "-l").contains(args[i]) ? 2 : 1;
        }
        return Math.min(i, args.length);
    }

    SshTools.Result run(String... sshArgs) {
        return SshTools.run(ssh(sshArgs), (byte[]) null, Duration.ofSeconds(60));
    }

    /** A MINA SSHD client session as alice, verifying the server's host key from the state dir. */
    ClientSession mina() throws Exception {
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            KeyPair host = OpenSSHKeyPairResourceParser.INSTANCE.loadKeyPairs(null, state.resolve(HostKey.FILE_NAME), null)
                    .iterator().next();
            client.setServerKeyVerifier(new RequiredServerKeyVerifier(host.getPublic()));
            client.start();
        }
        KeyPair mine = OpenSSHKeyPairResourceParser.INSTANCE.loadKeyPairs(null, key, null).iterator().next();
        ClientSession session = client.connect(USER, "127.0.0.1", port()).verify(Duration.ofSeconds(20)).getSession();
        session.addPublicKeyIdentity(mine);
        session.auth().verify(Duration.ofSeconds(20));
        return session;
    }

    /** The audit log's lines written by the SSH front end. */
    List<JsonNode> sshAudit() {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(state.resolve("audit.log"))) {
                JsonNode node = JSON.readTree(line);
                if ("ssh".equals(node.path("front_end").asText())) {
                    lines.add(node);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.stop();
        }
        embedded.close();
    }
}
