package io.remoteshell.server.rsps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.AuthMac;
import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.Await;
import io.remoteshell.server.EmbeddedRshelld;
import io.remoteshell.server.RspTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rsps against a real server: TLS 1.3 only, the bound AUTH mac, the identity on disk, the audit line. */
class RspsServerTest {

    static EmbeddedRshelld server;
    static String user = System.getProperty("user.name");
    static String token;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().user(user).ssh(false).authFailureDelay(Duration.ofMillis(10)).start();
        token = server.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] binding(SSLSocket socket) throws Exception {
        return AuthMac.certificateHash(socket.getSession().getPeerCertificates()[0].getEncoded());
    }

    @Test
    void servesRspInsideTls13AndTheMacCoversTheCertificate() throws Exception {
        SSLSocket socket = TrustAll.connect(server.rspsPort(), "TLSv1.3");
        assertEquals("TLSv1.3", socket.getSession().getProtocol());
        String fingerprint = TlsIdentity.fingerprint(socket.getSession().getPeerCertificates()[0].getPublicKey().getEncoded());
        assertEquals(server.rspsFingerprint(), fingerprint);
        try (RspTestClient c = RspTestClient.over(socket)) {
            assertEquals(AuthMac.TLS_SERVER_END_POINT, c.hello.binding());
            c.auth(user, token, binding(socket));
            assertEquals(FrameType.AUTH_OK, c.next().type());
            RspTestClient.Result r = c.exec(1, new Messages.Exec("echo over-tls", null, null, null, null, null));
            assertEquals("over-tls\n", r.out());
            assertEquals(0, r.exit.code());
        }
        Path audit = server.auditLog();
        Await.until(Duration.ofSeconds(10), () -> read(audit).contains("over-tls"), "the audit line of the rsps exec");
        String line = read(audit).lines().filter(l -> l.contains("over-tls")).findFirst().orElseThrow();
        assertTrue(line.contains("\"front_end\":\"rsps\""), line);
    }

    @Test
    void aMacWithoutTheBindingIsRefused() throws Exception {
        try (RspTestClient c = RspTestClient.over(TrustAll.connect(server.rspsPort(), "TLSv1.3"))) {
            c.auth(user, token, null);
            assertEquals(ErrorCode.AUTH_FAILED.name(), c.expectError(0).code());
        }
    }

    @Test
    void plainRspHelloHasNoBinding() throws Exception {
        try (RspTestClient c = RspTestClient.connect(server.rspPort())) {
            assertEquals(null, c.hello.binding());
        }
    }

    @Test
    void tls12IsRefusedInTheHandshake() {
        assertThrows(SSLException.class, () -> TrustAll.connect(server.rspsPort(), "TLSv1.2").close());
    }

    @Test
    void plainTextOnTheRspsPortGetsNoRspAtAll() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.rspsPort())) {
            plain.setSoTimeout(10_000);
            // An RSP/1 client that does not speak TLS sends AUTH; the server wants a ClientHello and gives up.
            plain.getOutputStream().write(FrameWriter.encode(Frame.json(FrameType.AUTH, 0, new Messages.Auth(user, "x"))));
            byte[] answer = readToEnd(plain.getInputStream());
            assertTrue(answer.length == 0 || answer[0] == 0x15, "expected nothing or a TLS alert, got byte " + answer[0]);
            assertFalse(answer.length > 0 && answer[0] == FrameType.HELLO.code(), "an RSP/1 HELLO in plain text");
        }
    }

    @Test
    void onlyTls13CipherSuitesAreOffered() {
        String[] suites = RspsFrontEnd.tls13Suites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "TLS_AES_256_GCM_SHA384"});
        assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"}, suites);
    }

    @Test
    void theIdentityIsPrivateAndKeptAcrossRestartsAndCertificateRenewal(@TempDir Path dir) throws Exception {
        TlsIdentity first = TlsIdentity.loadOrCreate(dir);
        for (String f : List.of(TlsIdentity.KEY_FILE, TlsIdentity.CERT_FILE)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
        }
        TlsIdentity again = TlsIdentity.loadOrCreate(dir);
        assertEquals(first.fingerprint(), again.fingerprint());
        assertArrayEquals(first.certificate().getEncoded(), again.certificate().getEncoded());
        Files.delete(dir.resolve(TlsIdentity.CERT_FILE));
        TlsIdentity renewed = TlsIdentity.loadOrCreate(dir);
        assertEquals(first.fingerprint(), renewed.fingerprint(), "a new certificate for the same key keeps the fingerprint");
        assertNotEquals(first.certificate().getSerialNumber(), renewed.certificate().getSerialNumber());
        assertTrue(renewed.fingerprint().matches("SHA256:[A-Za-z0-9+/]{43}"), renewed.fingerprint());
    }

    @Test
    void aDamagedKeyStopsTheStartInsteadOfBeingReplaced(@TempDir Path dir) throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path key = state.resolve(TlsIdentity.KEY_FILE);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        IOException e = assertThrows(IOException.class, () -> EmbeddedRshelld.builder().ssh(false).directory(dir).start().close());
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("move it away"), e.getMessage());
        assertTrue(Files.readString(key).contains("AAAA"), "the damaged key was left alone");
    }

    @Test
    void aServerOnTheUnspecifiedAddressServesNoPlainRsp(@TempDir Path dir) throws Exception {
        // 0.0.0.0 is every interface, so not loopback; the test still talks to 127.0.0.1 only.
        try (EmbeddedRshelld wide = wideServer(dir).start()) {
            assertFalse(wide.server().servesRsp());
            IllegalStateException e = assertThrows(IllegalStateException.class, wide::rspPort);
            assertTrue(e.getMessage().contains("not loopback"), e.getMessage());
            SSLSocket socket = TrustAll.connect(wide.rspsPort(), "TLSv1.3");
            try (RspTestClient c = RspTestClient.over(socket)) {
                c.auth(user, wide.token(user), binding(socket));
                assertEquals(FrameType.AUTH_OK, c.next().type());
            }
        }
        try (EmbeddedRshelld allowed = wideServer(dir).config(c -> c.withRsps(c.rsps().withAllowPlaintextRsp(true))).start()) {
            assertTrue(allowed.server().servesRsp());
            try (RspTestClient c = RspTestClient.connect(allowed.rspPort())) {
                assertEquals(null, c.hello.binding());
            }
        }
    }

    /** 0.0.0.0 is every interface, so not loopback; the tests still talk to 127.0.0.1 only. */
    private static EmbeddedRshelld.Builder wideServer(Path dir) {
        return EmbeddedRshelld.builder().user(user).ssh(false).bind("0.0.0.0").directory(dir);
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // Reset after the alert: the server is gone, which is the point.
        }
        return all.toByteArray();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
