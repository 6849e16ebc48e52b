package io.remoteshell.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

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
    /** SHA-256's block size, HMAC's key length (RFC 2104). */
    private static final int BLOCK = 64;

    private AuthMac() {
    }

    /** Made on the server's first nonce: a client, which only answers, never seeds one. */
    private static final class Random {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        Random.RANDOM.nextBytes(nonce);
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
        return Base64.getEncoder().encodeToString(hmacSha256(tokenKey, nonce, binding));
    }

    /**
     * HMAC-SHA256 (RFC 2104) of {@code parts} (null ones left out), made from SHA-256 itself rather than asked of
     * {@code javax.crypto.Mac}: the first provider of every JDK (SUN) has SHA-256, while HmacSHA256 is SunJCE's, fifth
     * in java.security's list, so a Mac makes the JDK load the providers before it (SunRsaSign, SunEC, SunJSSE and
     * often SunPKCS11) and JCE's policy files: a fifth of a one-shot {@code rshell rsp://HOST true}. Same bytes
     * ({@code AuthMacTest} compares them with the JDK's Mac).
     */
    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        MessageDigest sha = sha256();
        if (key.length > BLOCK) {
            key = sha.digest(key);
        }
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        sha.update(inner);
        for (byte[] part : parts) {
            if (part != null) {
                sha.update(part);
            }
        }
        byte[] innerHash = sha.digest();
        sha.update(outer);
        return sha.digest(innerHash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The 32-byte channel binding: SHA-256 of the server certificate's DER encoding. */
    public static byte[] certificateHash(byte[] certificateDer) {
        return sha256().digest(certificateDer);
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
