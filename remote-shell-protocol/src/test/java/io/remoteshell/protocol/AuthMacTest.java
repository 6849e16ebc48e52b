package io.remoteshell.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthMacTest {

    @Test
    void matchesRfc4231TestCase2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        String mac = AuthMac.compute("Jefe".getBytes(StandardCharsets.UTF_8),
                "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(mac)));
    }

    @Test
    void sameBytesAsTheJdksMacForEveryKeyLengthAndABinding() throws Exception {
        java.util.Random random = new java.util.Random(42);
        // Around SHA-256's 64-byte block: shorter keys are padded, longer ones hashed first (RFC 2104).
        for (int length : new int[] {0, 1, 31, 32, 63, 64, 65, 100, 200}) {
            byte[] key = new byte[length];
            byte[] nonce = new byte[AuthMac.NONCE_BYTES];
            byte[] binding = new byte[32];
            random.nextBytes(key);
            random.nextBytes(nonce);
            random.nextBytes(binding);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            // The JDK refuses an empty key spec; HMAC itself pads it like any short key.
            mac.init(new javax.crypto.spec.SecretKeySpec(length == 0 ? new byte[1] : key, "HmacSHA256"));
            byte[] plain = mac.doFinal(nonce);
            mac.update(nonce);
            byte[] bound = mac.doFinal(binding);
            byte[] asKey = length == 0 ? new byte[1] : key;
            assertEquals(java.util.HexFormat.of().formatHex(plain),
                    java.util.HexFormat.of().formatHex(AuthMac.hmacSha256(asKey, nonce, null)), "key of " + length);
            assertEquals(java.util.HexFormat.of().formatHex(bound),
                    java.util.HexFormat.of().formatHex(AuthMac.hmacSha256(asKey, nonce, binding)), "key of " + length);
            assertEquals(java.util.Base64.getEncoder().encodeToString(bound), AuthMac.compute(asKey, nonce, binding));
        }
    }

    @Test
    void tokenKeyIsTheTrimmedText() {
        assertEquals("abc", new String(AuthMac.tokenKey("  abc\n"), StandardCharsets.UTF_8));
    }

    @Test
    void verifiesOnlyTheRightMac() {
        byte[] key = AuthMac.tokenKey("00ff");
        byte[] nonce = AuthMac.newNonce();
        assertEquals(AuthMac.NONCE_BYTES, nonce.length);
        assertNotEquals(new String(nonce, StandardCharsets.ISO_8859_1), new String(AuthMac.newNonce(), StandardCharsets.ISO_8859_1));
        String mac = AuthMac.compute(key, nonce);
        assertTrue(AuthMac.verify(key, nonce, mac));
        assertFalse(AuthMac.verify(AuthMac.tokenKey("00fe"), nonce, mac));
        assertFalse(AuthMac.verify(key, nonce, null));
        assertFalse(AuthMac.verify(key, nonce, ""));
    }

    @Test
    void signalNamesAndNumbers() {
        assertEquals(9, Signals.number("KILL"));
        assertEquals("TERM", Signals.name(15));
        assertEquals(-1, Signals.number("NOPE"));
        assertEquals(null, Signals.name(99));
    }
}
