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
 */
public final class AuthMac {

    public static final int NONCE_BYTES = 32;
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

    /** Base64 of HMAC-SHA256(key = token, msg = nonce), as the AUTH frame carries it. */
    public static String compute(byte[] tokenKey, byte[] nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(nonce));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Compares in constant time, so the answer's timing tells nothing about the right MAC. */
    public static boolean verify(byte[] tokenKey, byte[] nonce, String claimedMac) {
        if (claimedMac == null) {
            return false;
        }
        byte[] expected = compute(tokenKey, nonce).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, claimedMac.getBytes(StandardCharsets.US_ASCII));
    }
}
