package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.ChaCha20Cipher;
import org.apache.sshd.common.cipher.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK-based chacha20-poly1305@openssh.com against MINA's own implementation of it, packet for packet: the same
 * cipher text and tags from the same keys and sequence numbers, each side decrypting the other's, and a changed bit
 * refused; with OpenSSL's Poly1305, the JDK's (which the tests, as rshelld.jar, open) and MINA's. (OpenSSH and asyncssh
 * streaming through it are in SshExecTest and the compat tests' AsyncsshTest.)
 */
class ChaCha20Poly1305Test {

    private static final int[] PAYLOADS = {8, 16, 24, 1000, 32_768, 35_000, 5, 64, 63, 65, 256 * 1024};

    private final Random random = new Random(20);
    private final byte[] key = bytes(64);

    @Test
    void usesOpenSslsPoly1305WhereLibcryptoIsThere() {
        assertTrue(OpenSslPoly1305.AVAILABLE, "libcrypto.so.3 is missing or gives other tags: apt-get install libssl3");
        assertEquals("OpenSSL", Poly1305.create().implementation());
        assertEquals("OpenSSL", Poly1305.preferred());
        assertTrue(Poly1305.jdkAvailable(), "surefire opens java.base/com.sun.crypto.provider as rshelld.jar's manifest does");
        assertEquals("JDK", Poly1305.jdk().implementation());
        assertEquals("MINA", Poly1305.mina().implementation());
    }

    @Test
    void withoutOpenSslTheJdksFromItsIntrinsicOnElseMinas() {
        assertEquals(Runtime.version().feature() >= Poly1305.JDK_INTRINSIC ? "JDK" : "MINA", Poly1305.jdkPreferred() ? "JDK" : "MINA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenSSL", "JDK", "MINA"})
    void poly1305TagsAreRfc8439s(String impl) throws Exception {
        // RFC 8439 2.5.2: key and message, and the tag they give; the message fed in uneven pieces, twice.
        byte[] k = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] m = "Cryptographic Forum Research Group".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Poly1305 mac = poly1305(impl);
        for (int round = 0; round < 2; round++) {
            mac.init(k);
            mac.update(m, 0, 3);
            mac.update(m, 3, 17);
            mac.update(m, 20, m.length - 20);
            byte[] tag = new byte[20];
            mac.doFinal(tag, 2);
            assertArrayEquals(hex("a8061dc1305136c6c22b8baf0c0127a9"), Arrays.copyOfRange(tag, 2, 18));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenSSL", "JDK", "MINA"})
    void aOneTimeKeyWithZeroRIsUsedNotRefused(String impl) throws Exception {
        // OpenSSH MACs under any key; with r = 0 the polynomial is 0 and the tag is s itself.
        byte[] k = new byte[Poly1305.KEY_BYTES];
        for (int i = 16; i < k.length; i++) {
            k[i] = (byte) i;
        }
        Poly1305 mac = poly1305(impl);
        mac.init(k);
        mac.update(new byte[100], 0, 100);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        assertArrayEquals(Arrays.copyOfRange(k, 16, 32), tag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenSSL", "JDK", "MINA"})
    void encryptsExactlyAsMinasImplementationAndEachDecryptsTheOther(String impl) throws Exception {
        for (long firstSequence : new long[] {0, 3, 0xffff_fff0L}) {
            byte[] iv = ByteBuffer.allocate(8).putLong(firstSequence).array();
            Cipher ours = cipher(ours(impl), Cipher.Mode.Encrypt, iv);
            Cipher mina = cipher(new ChaCha20Cipher(), Cipher.Mode.Encrypt, iv);
            Cipher oursIn = cipher(ours(impl), Cipher.Mode.Decrypt, iv);
            Cipher minaIn = cipher(new ChaCha20Cipher(), Cipher.Mode.Decrypt, iv);
            for (int size : PAYLOADS) {
                byte[] plain = packet(size);
                byte[] a = plain.clone();
                byte[] b = plain.clone();
                ours.updateWithAAD(a, 0, 4, size);
                mina.updateWithAAD(b, 0, 4, size);
                assertArrayEquals(b, a, "packet of " + size + " after sequence number " + firstSequence);
                assertTrue(!Arrays.equals(plain, a), "encrypted");

                minaIn.updateAAD(a, 0, 4);
                minaIn.update(a, 4, size);
                assertArrayEquals(Arrays.copyOf(plain, 4 + size), Arrays.copyOf(a, 4 + size), "MINA decrypts ours");
                oursIn.updateAAD(b, 0, 4);
                assertEquals(size, ByteBuffer.wrap(b).getInt(), "the length comes first, on its own");
                oursIn.update(b, 4, size);
                assertArrayEquals(Arrays.copyOf(plain, 4 + size), Arrays.copyOf(b, 4 + size), "ours decrypts MINA's");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenSSL", "JDK", "MINA"})
    void aChangedBitInLengthPayloadOrTagIsRefused(String impl) throws Exception {
        byte[] iv = new byte[8];
        int size = 1024;
        for (int bit : new int[] {3, 8 * 4 + 100, 8 * (4 + size) + 7}) {
            Cipher out = cipher(ours(impl), Cipher.Mode.Encrypt, iv);
            Cipher in = cipher(ours(impl), Cipher.Mode.Decrypt, iv);
            byte[] p = packet(size);
            out.updateWithAAD(p, 0, 4, size);
            p[bit / 8] ^= (byte) (1 << (bit % 8));
            in.updateAAD(p, 0, 4);
            assertThrows(AEADBadTagException.class, () -> in.update(p, 4, size), "bit " + bit);
        }
    }

    @Test
    void standsInForMinasFactoryUnderTheSameNameAndSizes() {
        BuiltinCiphers mina = BuiltinCiphers.cc20p1305_openssh;
        assertEquals(mina.getName(), ChaCha20Poly1305.FACTORY.getName());
        assertTrue(ChaCha20Poly1305.FACTORY.isSupported());
        assertTrue(ChaCha20Poly1305.FACTORY.getAlgorithm().startsWith("ChaCha"), "MINA passes the sequence number only then");
        assertEquals(mina.getKdfSize(), ChaCha20Poly1305.FACTORY.getKdfSize());
        assertEquals(mina.getIVSize(), ChaCha20Poly1305.FACTORY.getIVSize());
        assertEquals(mina.getAuthenticationTagSize(), ChaCha20Poly1305.FACTORY.create().getAuthenticationTagSize());
        assertEquals(mina.getCipherBlockSize(), ChaCha20Poly1305.FACTORY.create().getCipherBlockSize());
    }

    private static ChaCha20Poly1305 ours(String impl) {
        return new ChaCha20Poly1305(poly1305(impl));
    }

    private static Poly1305 poly1305(String impl) {
        return switch (impl) {
            case "OpenSSL" -> Poly1305.openSsl();
            case "JDK" -> Poly1305.jdk();
            default -> Poly1305.mina();
        };
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    private Cipher cipher(Cipher c, Cipher.Mode mode, byte[] iv) throws Exception {
        c.init(mode, key.clone(), iv.clone());
        return c;
    }

    /** length, payload, room for the tag */
    private byte[] packet(int size) {
        byte[] p = new byte[4 + size + 16];
        ByteBuffer.wrap(p).putInt(size);
        byte[] body = bytes(size);
        System.arraycopy(body, 0, p, 4, size);
        return p;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
