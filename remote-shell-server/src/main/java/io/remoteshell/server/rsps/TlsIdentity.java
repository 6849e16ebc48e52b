package io.remoteshell.server.rsps;

import io.remoteshell.protocol.AuthMac;
import io.remoteshell.protocol.KeyFingerprint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The rsps server identity: an ECDSA P-256 key pair in STATE/rsps_key.pem (PKCS#8, mode 0600), made on the first
 * start and from then on only read, and a self-signed certificate for it in STATE/rsps_cert.pem (mode 0600).
 * Clients pin the key, not the certificate: the fingerprint is SHA-256 of the SubjectPublicKeyInfo, so a certificate
 * that is missing or does not match the key is simply issued again from the same key, and the fingerprint stays.
 */
final class TlsIdentity {

    static final String KEY_FILE = "rsps_key.pem";
    static final String CERT_FILE = "rsps_cert.pem";
    private static final String KEY_PEM = "PRIVATE KEY";
    private static final String CERT_PEM = "CERTIFICATE";
    /** RFC 5280's "no well-defined expiration date": the pin is the trust, so nothing should expire under the users. */

    /** P-256 for Bouncy Castle, loaded only when a key is made or a certificate issued: its tables are slow to load. */
    private static final class Curve {
        // Named, so the encoded keys say "P-256" by its OID, as the JDK's KeyFactory requires.
        static final ECDomainParameters P256 = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                ECNamedCurveTable.getByName("secp256r1"));
    }
    private static final Date NO_EXPIRY = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

    private final Path keyFile;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private TlsIdentity(Path keyFile, PrivateKey privateKey, X509Certificate certificate) {
        this.keyFile = keyFile;
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    static TlsIdentity loadOrCreate(Path stateDir) throws IOException {
        Path keyFile = stateDir.resolve(KEY_FILE);
        Path certFile = stateDir.resolve(CERT_FILE);
        if (!Files.exists(keyFile)) {
            try {
                createKey(keyFile);
            } catch (FileAlreadyExistsException e) {
                // Another rshelld on the same state dir won the race; use its key.
            }
        }
        PrivateKey key = loadKey(keyFile);
        X509Certificate cert = loadCertificate(certFile);
        if (cert == null || !matches(cert, key)) {
            cert = issue(certFile, key);
        }
        return new TlsIdentity(keyFile, key, cert);
    }

    /** Bouncy Castle's lightweight generator: no JCA provider to register or start up, which is slow. */
    private static void createKey(Path keyFile) throws IOException {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(Curve.P256, new SecureRandom()));
        byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(generator.generateKeyPair().getPrivate()).getEncoded();
        // Written under a temporary name and linked into place: a crash never leaves half a key, and a hard link
        // fails if the name exists, so a key another process just wrote is never overwritten.
        Path tmp = tempFile(keyFile);
        try {
            Files.writeString(tmp, pem(KEY_PEM, pkcs8));
            Files.createLink(keyFile, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static PrivateKey loadKey(Path keyFile) throws IOException {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(unpem(keyFile, KEY_PEM)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot read the rsps key " + keyFile + ": it is not a PKCS#8 P-256 key in PEM"
                    + "; restore it from a backup, or move it away to have a new one generated"
                    + " (clients will warn of the change)", e);
        }
    }

    private static X509Certificate loadCertificate(Path certFile) throws IOException {
        if (!Files.exists(certFile)) {
            return null;
        }
        try {
            byte[] der = unpem(certFile, CERT_PEM);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null; // Only a certificate: issued again from the key, and the fingerprint stays the same.
        }
    }

    /** True when the certificate carries the public half of {@code key}: checked by signing and verifying. */
    private static boolean matches(X509Certificate cert, PrivateKey key) {
        try {
            byte[] probe = "rsps".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate issue(Path certFile, PrivateKey key) throws IOException {
        X509Certificate cert;
        try {
            PublicKey publicKey = publicKeyOf((ECPrivateKey) key);
            X500Name name = new X500Name("CN=rshelld");
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(1, serial),
                    Date.from(Instant.now().minus(Duration.ofDays(1))), NO_EXPIRY, name, publicKey);
            cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (GeneralSecurityException | OperatorCreationException | ClassCastException | IOException e) {
            throw new IOException("cannot issue the rsps certificate: " + e.getMessage(), e);
        }
        Path tmp = tempFile(certFile);
        try {
            Files.writeString(tmp, pem(CERT_PEM, cert.getEncoded()));
            Files.move(tmp, certFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the rsps certificate: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return cert;
    }

    /** The public key of an EC private key: Q = d·G on P-256. */
    private static PublicKey publicKeyOf(ECPrivateKey key) throws GeneralSecurityException, IOException {
        ECPoint q = Curve.P256.getG().multiply(key.getS()).normalize();
        byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(new ECPublicKeyParameters(q, Curve.P256)).getEncoded();
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static Path tempFile(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    Path keyFile() {
        return keyFile;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** {@code SHA256:} + unpadded base64 of SHA-256 of the SubjectPublicKeyInfo, as clients pin it. */
    String fingerprint() {
        return fingerprint(certificate.getPublicKey().getEncoded());
    }

    static String fingerprint(byte[] subjectPublicKeyInfo) {
        return KeyFingerprint.of(subjectPublicKeyInfo);
    }

    /** The channel binding AUTH covers: SHA-256 of the certificate's DER, as clients receive it. */
    byte[] certificateHash() {
        try {
            return AuthMac.certificateHash(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the rsps certificate cannot be encoded: " + e.getMessage(), e);
        }
    }
}
