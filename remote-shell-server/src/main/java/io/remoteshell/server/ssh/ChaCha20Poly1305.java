package io.remoteshell.server.ssh;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.cipher.CipherFactory;

/**
 * chacha20-poly1305@openssh.com (OpenSSH's PROTOCOL.chacha20poly1305) with the key stream from the JDK's
 * ChaCha20 instead of MINA's own Java ChaCha: OpenSSH's default cipher, so every default ssh, scp and sftp
 * runs on it. The JDK's is faster already on 17 and an intrinsic from 20 on (vectorised, several times MINA's).
 * <p>
 * The construction, as OpenSSH has it: the 64 bytes of key material are K_2 (payload, first 32) and K_1
 * (length, last 32); the nonce of both is the packet sequence number, 64 bits big-endian; K_1's block 0
 * encrypts the 4-byte length; K_2's block 0 gives the one-time Poly1305 key and block 1 on encrypts the
 * payload; the tag is Poly1305 over the encrypted length and payload. The JDK's ChaCha20 is RFC 8439's
 * (32-bit block counter, 96-bit nonce), so the nonce is 4 zero bytes and then the sequence number: with
 * fewer than 2^32 blocks in a packet that is the same key stream as the original 64-bit-counter ChaCha.
 * Poly1305 is the JDK's where rshelld can reach it, MINA's otherwise ({@link Poly1305}).
 * <p>
 * MINA hands {@link #init} the sequence number as the IV because {@link #getAlgorithm} starts with "ChaCha".
 */
final class ChaCha20Poly1305 implements Cipher, ChaCha20Poly1305Information {

    private static final int KEY_BYTES = 32;
    private static final int TAG_BYTES = 16;
    private static final byte[] ZERO_BLOCK = new byte[64];

    /** Stands in for MINA's factory of the same name in an algorithm list. */
    static final CipherFactory FACTORY = new Factory();

    private static final class Factory implements CipherFactory, ChaCha20Poly1305Information {
        @Override
        public String getName() {
            return MINA.getName();
        }

        @Override
        public Cipher create() {
            return new ChaCha20Poly1305();
        }

        @Override
        public boolean isSupported() {
            return available();
        }

        @Override
        public String toString() {
            return getName() + " (JDK ChaCha20, " + Poly1305.preferred() + " Poly1305)";
        }
    }

    private final javax.crypto.Cipher length;
    private final javax.crypto.Cipher payload;
    private final Poly1305 mac;
    private final byte[] nonce = new byte[12];
    private final byte[] block0 = new byte[ZERO_BLOCK.length];
    private final byte[] polyKey = new byte[Poly1305.KEY_BYTES];
    private final byte[] tag = new byte[TAG_BYTES];
    private SecretKeySpec lengthKey;
    private SecretKeySpec payloadKey;
    private int jceMode;
    private boolean encrypt;
    private long sequence;
    private long firstSequence;
    private boolean spent;

    ChaCha20Poly1305() {
        this(Poly1305.create());
    }

    /** With a given Poly1305 (the tests compare the JDK's and MINA's). */
    ChaCha20Poly1305(Poly1305 mac) {
        this.mac = mac;
        try {
            length = javax.crypto.Cipher.getInstance("ChaCha20");
            payload = javax.crypto.Cipher.getInstance("ChaCha20");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no ChaCha20 (Java 11 and later have)", e);
        }
    }

    static boolean available() {
        try {
            javax.crypto.Cipher.getInstance("ChaCha20");
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void init(Mode mode, byte[] key, byte[] iv) throws Exception {
        encrypt = mode == Mode.Encrypt;
        jceMode = encrypt ? javax.crypto.Cipher.ENCRYPT_MODE : javax.crypto.Cipher.DECRYPT_MODE;
        payloadKey = new SecretKeySpec(key, 0, KEY_BYTES, "ChaCha20");
        lengthKey = new SecretKeySpec(key, KEY_BYTES, KEY_BYTES, "ChaCha20");
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            seq = seq << 8 | (iv[i] & 0xff);
        }
        sequence = seq;
        firstSequence = seq;
        spent = false;
        startPacket();
    }

    /** Sets the nonce to the current sequence number and keys Poly1305 from K_2's block 0, leaving K_2 at block 1. */
    private void startPacket() throws Exception {
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        ChaCha20ParameterSpec fromBlock0 = new ChaCha20ParameterSpec(nonce, 0);
        payload.init(jceMode, payloadKey, fromBlock0);
        payload.update(ZERO_BLOCK, 0, ZERO_BLOCK.length, block0, 0);
        System.arraycopy(block0, 0, polyKey, 0, polyKey.length);
        mac.init(polyKey);
        length.init(jceMode, lengthKey, fromBlock0);
    }

    /** The packet length: decrypted in place (after feeding its cipher text to the MAC) or encrypted in place. */
    @Override
    public void updateAAD(byte[] data, int offset, int len) throws Exception {
        if (spent) {
            throw new IllegalStateException("chacha20-poly1305: 2^32 packets under one key; the connection must re-key first");
        }
        if (len != Integer.BYTES) {
            throw new IllegalArgumentException("chacha20-poly1305 authenticates only the 4-byte packet length, not " + len + " bytes");
        }
        if (!encrypt) {
            mac.update(data, offset, len);
        }
        length.update(data, offset, len, data, offset);
        if (encrypt) {
            mac.update(data, offset, len);
        }
    }

    /** The payload, with the tag after it: checked, then decrypted; or encrypted, then the tag written there. */
    @Override
    public void update(byte[] data, int offset, int len) throws Exception {
        if (encrypt) {
            payload.update(data, offset, len, data, offset);
            mac.update(data, offset, len);
            mac.doFinal(data, offset + len);
        } else {
            mac.update(data, offset, len);
            mac.doFinal(tag, 0);
            if (!tagMatches(data, offset + len)) {
                throw new AEADBadTagException("chacha20-poly1305: the packet's tag does not match");
            }
            payload.update(data, offset, len, data, offset);
        }
        sequence = (sequence + 1) & 0xffffffffL;
        // Never a nonce twice under one key: after 2^32 packets (MINA re-keys long before) the cipher refuses to go on.
        spent = sequence == firstSequence;
        if (!spent) {
            startPacket();
        }
    }

    /** In constant time, as MessageDigest.isEqual, without copying the packet's tag out first. */
    private boolean tagMatches(byte[] data, int at) {
        int diff = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            diff |= tag[i] ^ data[at + i];
        }
        return diff == 0;
    }

    @Override
    public String toString() {
        return FACTORY.toString();
    }
}
