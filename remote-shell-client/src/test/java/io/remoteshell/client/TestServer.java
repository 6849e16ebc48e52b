package io.remoteshell.client;

import io.remoteshell.server.RshellServer;
import io.remoteshell.server.RspsConfig;
import io.remoteshell.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * A real rshelld with its state in a temporary directory and a user "alice": RSP/1 and SSH on
 * ephemeral loopback ports, SFTP rooted at / so that SFTP and commands see the same paths.
 */
public final class TestServer implements AutoCloseable {

    public static final String USER = "alice";

    private final RshellServer server;
    private final Path tokenFile;

    private TestServer(RshellServer server, Path tokenFile) {
        this.server = server;
        this.tokenFile = tokenFile;
    }

    public static TestServer start(Path stateDir) throws IOException {
        RshellServer server = RshellServer.start(config(stateDir, 0, 0));
        return new TestServer(server, server.users().add(USER));
    }

    /** As {@link #start(Path)}, letting SSH clients forward TCP through it (rshelld --allow-forwarding): a jump host. */
    public static TestServer startWithForwarding(Path stateDir) throws IOException {
        ServerConfig config = config(stateDir, 0, 0);
        RshellServer server = RshellServer.start(config.withSsh(config.ssh().withAllowForwarding(true)));
        return new TestServer(server, server.users().add(USER));
    }

    /** As {@link #start(Path)}, with rsps on an ephemeral loopback port too. */
    public static TestServer startWithRsps(Path stateDir) throws IOException {
        RshellServer server = RshellServer.start(config(stateDir, 0, 0).withRsps(RspsConfig.defaults().withEnabled(true).withPort(0)));
        return new TestServer(server, server.users().add(USER));
    }

    /**
     * This server, stopped with {@link #close()}, started again as rshelld would be: same state (users, keys, host key)
     * and same ports, so that clients reconnect to the address they know.
     */
    public TestServer startAgain() throws IOException {
        ServerConfig config = config(server.stateDir(), port(), sshPort());
        if (server.config().rsps().enabled()) {
            config = config.withRsps(server.config().rsps().withPort(rspsPort()));
        }
        return new TestServer(RshellServer.start(config), tokenFile);
    }

    private static ServerConfig config(Path stateDir, int rspPort, int sshPort) {
        ServerConfig defaults = ServerConfig.defaults();
        return defaults
                .withRspPort(rspPort)
                .withSshPort(sshPort)
                .withStateDir(stateDir)
                .withShutdownGrace(Duration.ofSeconds(1))
                .withAuthFailureDelay(Duration.ofMillis(50));
    }

    public int port() {
        return server.rspPort();
    }

    public int sshPort() {
        return server.sshPort();
    }

    public URI uri() {
        return URI.create("rsp://" + USER + "@127.0.0.1:" + port());
    }

    public int rspsPort() {
        return server.rspsPort();
    }

    /** The rsps key's fingerprint, as clients pin it. */
    public String rspsFingerprint() {
        return server.rspsFingerprint();
    }

    public URI rspsUri() {
        return URI.create("rsps://" + USER + "@127.0.0.1:" + rspsPort());
    }

    public URI sshUri() {
        return URI.create("ssh://" + USER + "@127.0.0.1:" + sshPort());
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public Session connect() throws IOException {
        return RemoteShell.connect(uri(), Credentials.tokenFile(tokenFile));
    }

    /** An SSH session as alice with {@code key}, accepting and recording the host key in {@code knownHosts}. */
    public Session connectSsh(Path key, Path knownHosts) throws IOException {
        return RemoteShell.connect(sshUri(), Credentials.sshKeys(List.of(key), SecretPrompt.NONE), HostKeys.acceptNew(knownHosts));
    }

    /** Makes a new Ed25519 key in {@code dir} (OpenSSH format, 0600) and authorizes it for alice; returns the private key file. */
    public Path authorizeNewKey(Path dir) throws IOException {
        Path key = newKeyFile(dir);
        authorize(dir.resolve("id_ed25519.pub"));
        return key;
    }

    /** Adds the public key in {@code publicKeyFile} to alice's authorized_keys. */
    public void authorize(Path publicKeyFile) throws IOException {
        Files.writeString(server.users().authorizedKeysFile(USER), Files.readString(publicKeyFile),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** alice's authorized_keys file. */
    public Path authorizedKeysFile() {
        return server.users().authorizedKeysFile(USER);
    }

    /** Makes a new Ed25519 key pair in {@code dir}: id_ed25519 (OpenSSH format, 0600) and id_ed25519.pub; returns the private one. */
    public static Path newKeyFile(Path dir) throws IOException {
        KeyPair pair;
        try {
            pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Path key = dir.resolve("id_ed25519");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test key", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Files.writeString(dir.resolve("id_ed25519.pub"), PublicKeyEntry.toString(pair.getPublic()) + " test key\n");
        return key;
    }

    /** Lets alice log in over SSH with {@code password}. */
    public void setPassword(String password) throws IOException {
        server.users().setPassword(USER, password.toCharArray());
    }

    @Override
    public void close() {
        server.close();
    }
}
