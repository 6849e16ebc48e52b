package io.remoteshell.client;

import io.remoteshell.client.junit.RshelldExtension;
import io.remoteshell.server.EmbeddedRshelld;
import io.remoteshell.server.ssh.OpenSshKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This module's tests' view of an {@link EmbeddedRshelld}: the user "alice", RSP/1 and SSH on ephemeral loopback
 * ports (rsps too with {@link #startWithRsps}), SFTP unconfined so that SFTP and commands see the same paths. Tests
 * that need one server for the class register {@link #extension()}; this view is for those that stop and start their
 * own server ({@link #close()}, {@link #startAgain()}) in a directory of theirs, and keeps no start-up of its own.
 */
public final class TestServer implements AutoCloseable {

    public static final String USER = "alice";

    private final EmbeddedRshelld server;

    private TestServer(EmbeddedRshelld server) {
        this.server = server;
    }

    /** The extension this module's tests register: user alice, every front end; narrow it with the builder. */
    public static RshelldExtension.Builder extension() {
        return RshelldExtension.builder().user(USER);
    }

    /** A view of {@code server} (an extension's), for code written against this class; closing it stops that server. */
    public static TestServer of(EmbeddedRshelld server) {
        return new TestServer(server);
    }

    public static TestServer start(Path dir) throws IOException {
        return new TestServer(builder(dir).rsps(false).start());
    }

    /** As {@link #start(Path)}, letting SSH clients forward TCP through it (rshelld --allow-forwarding): a jump host. */
    public static TestServer startWithForwarding(Path dir) throws IOException {
        return new TestServer(builder(dir).rsps(false).allowForwarding(true).start());
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
        return server.rspUri();
    }

    public int rspsPort() {
        return server.rspsPort();
    }

    /** The rsps key's fingerprint, as clients pin it. */
    public String rspsFingerprint() {
        return server.rspsFingerprint();
    }

    public URI rspsUri() {
        return server.rspsUri();
    }

    public URI sshUri() {
        return server.sshUri();
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
        return server.authorizeNewKey(USER, dir.resolve("id_ed25519"));
    }

    /** Adds the public key in {@code publicKeyFile} to alice's authorized_keys. */
    public void authorize(Path publicKeyFile) throws IOException {
        server.authorizeKey(USER, Files.readString(publicKeyFile));
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
