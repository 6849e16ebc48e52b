package io.remoteshell.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The challenge-response of RSP/1: the server sends 32 random bytes (the nonce), the client
 * answers HMAC-SHA256 keyed with its token. The token is the text in the token file, trimmed,
 * and its key bytes are that text in UTF-8, so a script can use {@code open(f).read().strip().encode()}.
 * Over TLS (rsps://) the message is the nonce followed by the SHA-256 of the server certificate as
 * the client received it ("tls-server-end-point" channel binding), so a relay that terminates TLS
 * with a certificate of its own cannot pass the client's answer on to the real server.
 */
public final class AuthMac {

    public static final int NONCE_BYTES = 32;
    /** What HELLO's {@code binding} says over TLS. */
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthMac() {
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** The key bytes for a token as it is written in a token file or RSHELL_TOKEN. */
    public static byte[] tokenKey(String token) {
        return token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Base64 of HMAC-SHA256(key = token, msg = nonce), as the AUTH frame carries it over plain TCP. */
    public static String compute(byte[] tokenKey, byte[] nonce) {
        return compute(tokenKey, nonce, null);
    }

    /**
     * Base64 of HMAC-SHA256(key = token, msg = nonce || binding): {@code binding} is {@link #certificateHash} of the
     * server certificate over TLS, null over plain TCP.
     */
    public static String compute(byte[] tokenKey, byte[] nonce, byte[] binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
            mac.update(nonce);
            if (binding != null) {
                mac.update(binding);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The 32-byte channel binding: SHA-256 of the server certificate's DER encoding. */
    public static byte[] certificateHash(byte[] certificateDer) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificateDer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Compares in constant time, so the answer's timing tells nothing about the right MAC. */
    public static boolean verify(byte[] tokenKey, byte[] nonce, String claimedMac) {
        return verify(tokenKey, nonce, null, claimedMac);
    }

    /** {@link #verify(byte[], byte[], String)} with the channel binding of {@link #compute(byte[], byte[], byte[])}. */
    public static boolean verify(byte[] tokenKey, byte[] nonce, byte[] binding, String claimedMac) {
        if (claimedMac == null) {
            return false;
        }
        byte[] expected = compute(tokenKey, nonce, binding).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, claimedMac.getBytes(StandardCharsets.US_ASCII));
    }
}
