package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** rsps:// through the library against a real server: pinning on first use, a changed key, relays, get/put. */
class RspsSessionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension server = TestServer.extension().ssh(false).build();

    private static Credentials token() throws IOException {
        return Credentials.tokenFile(server.tokenFile());
    }

    private static Path pinFile(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name)).resolve(".rshell").resolve("known_hosts");
    }

    private static String pin() {
        return "[127.0.0.1]:" + server.rspsPort() + " " + server.rspsFingerprint() + "\n";
    }

    @Test
    void acceptNewPinsTheServerAndTheNextConnectionUsesThePin() throws Exception {
        Path pins = pinFile("accept-new");
        try (Session s = RemoteShell.connect(server.rspsUri(), token(), ServerPins.acceptNew(pins), TIMEOUT)) {
            assertEquals("tls\n", s.exec("echo tls").stdoutText());
        }
        assertEquals(pin(), Files.readString(pins));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pins)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pins.getParent())));
        try (Session s = RemoteShell.connect(server.rspsUri(), token(), ServerPins.strict(pins), TIMEOUT)) {
            assertEquals(0, s.exec("true").exitCode());
        }
        assertEquals(pin(), Files.readString(pins), "a known server is not recorded twice");
    }

    @Test
    void anUnknownServerIsPutToThePromptAndRefusedWhenItSaysNo() throws Exception {
        Path pins = pinFile("ask");
        List<String> asked = new ArrayList<>();
        HostKeyException e = assertThrows(HostKeyException.class, () -> RemoteShell.connect(server.rspsUri(), token(),
                ServerPins.ask(pins, (hostPort, type, fingerprint) -> asked.add(hostPort + " " + type + " " + fingerprint) && false),
                TIMEOUT).close());
        assertEquals(List.of("[127.0.0.1]:" + server.rspsPort() + " ECDSA " + server.rspsFingerprint()), asked);
        assertTrue(e.getMessage().contains(server.rspsFingerprint()) && e.getMessage().contains("--accept-new"), e.getMessage());
        assertFalse(Files.exists(pins), "nothing recorded for a refused server");
        HostKeyException strict = assertThrows(HostKeyException.class,
                () -> RemoteShell.connect(server.rspsUri(), token(), ServerPins.strict(pins), TIMEOUT).close());
        assertTrue(strict.getMessage().contains("is not in " + pins), strict.getMessage());
    }

    @Test
    void aChangedKeyIsRefusedWithOpenSshsWarningSayingWhatChanged() throws Exception {
        Path pins = pinFile("changed");
        Files.createDirectories(pins.getParent());
        String old = "SHA256:" + "A".repeat(43);
        Files.writeString(pins, "# rsps pins\n[127.0.0.1]:" + server.rspsPort() + " " + old + "\n");
        HostKeyException e = assertThrows(HostKeyException.class,
                () -> RemoteShell.connect(server.rspsUri(), token(), ServerPins.acceptNew(pins), TIMEOUT).close());
        String m = e.getMessage();
        assertTrue(m.contains("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!"), m);
        assertTrue(m.contains("IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!"), m);
        assertTrue(m.contains("The fingerprint for the ECDSA key sent by the remote host is\n" + server.rspsFingerprint() + "."), m);
        assertTrue(m.contains("Offending key in " + pins + ":2: [127.0.0.1]:" + server.rspsPort() + " was pinned to " + old), m);
        assertTrue(Files.readString(pins).contains(old) && !Files.readString(pins).contains(server.rspsFingerprint()),
                "--accept-new never replaces a pin");
    }

    @Test
    void aRelayWithItsOwnCertificateFailsAuthenticationEvenWhenAccepted() throws Exception {
        Path pins = pinFile("relay");
        try (TlsRelay relay = new TlsRelay(server.rspsPort())) {
            URI viaRelay = URI.create("rsps://" + TestServer.USER + "@127.0.0.1:" + relay.port());
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> RemoteShell.connect(viaRelay, token(), ServerPins.acceptNew(pins), TIMEOUT).close());
            assertTrue(e.getMessage().contains("failed"), e.getMessage());
        }
        assertFalse(Files.readString(pins).contains(server.rspsFingerprint()), "the client pinned the relay, not the server");
    }

    @Test
    void aTcpForwarderThatLeavesTlsAloneWorks() throws Exception {
        try (CuttableProxy forwarder = new CuttableProxy(server.rspsPort())) {
            Path pins = pinFile("forwarder");
            URI viaForwarder = URI.create("rsps://" + TestServer.USER + "@127.0.0.1:" + forwarder.port());
            try (Session s = RemoteShell.connect(viaForwarder, token(), ServerPins.acceptNew(pins), TIMEOUT)) {
                assertEquals("through\n", s.exec("echo through").stdoutText());
            }
            assertTrue(Files.readString(pins).contains(server.rspsFingerprint()), "the server's own key, seen through the forwarder");
        }
    }

    @Test
    void getAndPutOverRspsArriveIntact() throws Exception {
        byte[] data = new byte[3 << 20];
        new SecureRandom().nextBytes(data);
        Path local = Files.write(dir.resolve("up.bin"), data);
        Path remote = dir.resolve("remote.bin");
        Path back = dir.resolve("back.bin");
        try (Session s = RemoteShell.connect(server.rspsUri(), token(), ServerPins.acceptNew(pinFile("files")), TIMEOUT)) {
            s.put(local, remote.toString());
            assertEquals(sha256(data) + "  " + remote + "\n", s.exec("sha256sum " + remote).stdoutText());
            s.get(remote.toString(), back);
        }
        assertEquals(sha256(data), sha256(Files.readAllBytes(back)));
    }

    @Test
    void wrongPortsSayWhatIsThere() throws Exception {
        URI plainPortAsRsps = URI.create("rsps://" + TestServer.USER + "@127.0.0.1:" + server.rspPort());
        ConnectFailedException tls = assertThrows(ConnectFailedException.class,
                () -> RemoteShell.connect(plainPortAsRsps, token(), ServerPins.acceptNew(pinFile("wrong")), TIMEOUT).close());
        assertTrue(tls.getMessage().contains("TLS 1.3 handshake with 127.0.0.1:" + server.rspPort() + " failed")
                && tls.getMessage().contains("rsps port"), tls.getMessage());
        URI rspsPortAsPlain = URI.create("rsp://" + TestServer.USER + "@127.0.0.1:" + server.rspsPort());
        // Both ends wait: the plain client for HELLO, the TLS server for a ClientHello. The client's timeout ends it.
        ConnectFailedException plain = assertThrows(ConnectFailedException.class,
                () -> RemoteShell.connect(rspsPortAsPlain, token(), Duration.ofSeconds(2)).close());
        assertTrue(plain.getMessage().contains("wants rsps://"), plain.getMessage());
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

}
