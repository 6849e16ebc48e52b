package io.remoteshell.client;

import io.remoteshell.server.EmbeddedRshelld;
import io.remoteshell.server.ssh.OpenSshKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * This module's tests' view of an {@link EmbeddedRshelld} kept in a directory of the test's: the user "alice", RSP/1
 * and SSH on ephemeral loopback ports (rsps too with {@link #startWithRsps}), SFTP unconfined so that SFTP and commands
 * see the same paths, and no generated key: tests authorize the keys they make ({@link #authorizeNewKey}).
 * {@link #close()} stops the server and {@link #startAgain()} starts it again on the same ports and state.
 */
public final class TestServer implements AutoCloseable {

    public static final String USER = "alice";

    private final EmbeddedRshelld server;

    private TestServer(EmbeddedRshelld server) {
        this.server = server;
    }

    public static TestServer start(Path dir) throws IOException {
        return new TestServer(builder(dir).rsps(false).start());
    }

    /** As {@link #start(Path)}, with rsps on an ephemeral loopback port too. */
    public static TestServer startWithRsps(Path dir) throws IOException {
        return new TestServer(builder(dir).start());
    }

    private static EmbeddedRshelld.Builder builder(Path dir) {
        return EmbeddedRshelld.builder().user(USER).generateKeys(false).directory(dir);
    }

    /**
     * This server, stopped with {@link #close()}, started again as rshelld would be: same state (users, keys, host key)
     * and same ports, so that clients reconnect to the address they know.
     */
    public TestServer startAgain() throws IOException {
        server.restart();
        return this;
    }

    /** The embedded server itself. */
    public EmbeddedRshelld embedded() {
        return server;
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
        return server.tokenFile();
    }

    public Session connect() throws IOException {
        return RemoteShell.connect(uri(), Credentials.tokenFile(tokenFile()));
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
        Files.writeString(authorizedKeysFile(), Files.readString(publicKeyFile),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** alice's authorized_keys file. */
    public Path authorizedKeysFile() {
        return server.userStore().authorizedKeysFile(USER);
    }

    /** Makes a new Ed25519 key pair in {@code dir}: id_ed25519 (OpenSSH format, 0600) and id_ed25519.pub; returns the private one. */
    public static Path newKeyFile(Path dir) throws IOException {
        Path key = dir.resolve("id_ed25519");
        OpenSshKeys.generateEd25519(key, "test key");
        return key;
    }

    /** Lets alice log in over SSH with {@code password}. */
    public void setPassword(String password) throws IOException {
        server.userStore().setPassword(USER, password.toCharArray());
    }

    /** Stops the server; its directory is the test's, so {@link #startAgain()} can start it again. */
    @Override
    public void close() {
        server.stop();
    }
}
