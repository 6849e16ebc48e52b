package io.remoteshell.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * How rsps names a server's key, on both ends: {@code SHA256:} followed by the unpadded base64 of the SHA-256 of the
 * key's SubjectPublicKeyInfo (DER), written like OpenSSH's key fingerprints. It names the key, not the certificate, so
 * a new certificate for the same key keeps it.
 */
public final class KeyFingerprint {

    private KeyFingerprint() {
    }

    /** @param subjectPublicKeyInfo the DER encoding, as {@code PublicKey.getEncoded()} gives it */
    public static String of(byte[] subjectPublicKeyInfo) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
