package io.remoteshell.client.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class LazyBouncyCastleTest {
    private static final Provider FULL = new BouncyCastleProvider();

    @Test
    void everyServiceItMakesItselfIsTheClassBouncyCastleNamesForIt() {
        for (String[] s : LazyBouncyCastle.SERVICES) {
            if (s[2].equals(LazyBouncyCastle.Ed25519Signature.class.getName())) {
                continue;
            }
            Provider.Service full = FULL.getService(s[0], s[1]);
            assertNotNull(full, s[0] + "." + s[1]);
            assertEquals(full.getClassName(), s[2], s[0] + "." + s[1]);
        }
    }

    @Test
    void anyOtherServiceComesFromTheFullProvider() throws Exception {
        Provider lazy = LazyBouncyCastle.newForTest();
        assertEquals("BC", lazy.getName());
        for (String[] q : new String[][] {{"KeyFactory", "RSA"}, {"KeyFactory", "EC"}, {"Cipher", "AES"},
            {"Signature", "SHA256withECDSA"}, {"Signature", "SHA256withRSA"}, {"Mac", "HmacSHA256"}}) {
            Provider.Service s = lazy.getService(q[0], q[1]);
            assertNotNull(s, q[0] + "." + q[1]);
            assertEquals(FULL.getService(q[0], q[1]).getClassName(), s.getClassName());
        }
        assertNotNull(Signature.getInstance("SHA256withECDSA", lazy));
        assertNotNull(javax.crypto.Cipher.getInstance("AES/CTR/NoPadding", lazy));
        assertNotNull(javax.crypto.KeyAgreement.getInstance("X25519", lazy));
    }

    @Test
    void ed25519SignaturesAgreeWithBouncyCastlesAndTheJdks() throws Exception {
        Provider lazy = LazyBouncyCastle.newForTest();
        byte[] data = "the exchange hash".getBytes(StandardCharsets.UTF_8);
        for (KeyPair pair : new KeyPair[] {KeyPairGenerator.getInstance("Ed25519", FULL).generateKeyPair(),
            KeyPairGenerator.getInstance("Ed25519").generateKeyPair()}) {
            for (String name : new String[] {"Ed25519", "EdDSA"}) {
                Signature ours = Signature.getInstance(name, lazy);
                ours.initSign(pair.getPrivate());
                ours.update(data);
                byte[] signature = ours.sign();

                Signature theirs = Signature.getInstance("Ed25519", FULL);
                theirs.initSign(pair.getPrivate());
                theirs.update(data);
                assertEquals(java.util.HexFormat.of().formatHex(theirs.sign()), java.util.HexFormat.of().formatHex(signature));

                for (Signature verifier : new Signature[] {Signature.getInstance("Ed25519", FULL),
                    Signature.getInstance("Ed25519"), Signature.getInstance(name, lazy)}) {
                    verifier.initVerify(pair.getPublic());
                    verifier.update(data);
                    assertTrue(verifier.verify(signature), verifier.getProvider().getName());
                }
                Signature check = Signature.getInstance(name, lazy);
                check.initVerify(pair.getPublic());
                check.update("another hash".getBytes(StandardCharsets.UTF_8));
                assertFalse(check.verify(signature));
            }
        }
        Signature ours = Signature.getInstance("Ed25519", lazy);
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> ours.initVerify(ec.getPublic()));
        assertThrows(InvalidKeyException.class, () -> ours.initSign(ec.getPrivate()));
    }
}
