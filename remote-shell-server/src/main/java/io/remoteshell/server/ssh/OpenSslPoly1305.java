package io.remoteshell.server.ssh;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

/**
 * OpenSSL's Poly1305 (libcrypto 3, {@code EVP_MAC "POLY1305"}), the one OpenSSH's sshd uses, bound with JNA's direct
 * mapping. The JDK's is an intrinsic only on CPUs with AVX-512 ({@code -XX:+UsePoly1305Intrinsics} is off without),
 * and elsewhere its Java code was a third of rshelld's CPU in a default-cipher scp or sftp (perf); OpenSSL has
 * assembly for AVX2 and older CPUs too. Bytes go through a direct buffer of this MAC's own: a copy costs less than
 * JNA pinning (copying) a packet's whole array per call. {@link #AVAILABLE} is false where libcrypto.so.3 is missing
 * or does not compute MINA's tags, and {@link Poly1305#create} then takes another.
 */
final class OpenSslPoly1305 extends Poly1305 {

    private static final int CHUNK = 64 << 10;
    private static final Cleaner CLEANER = Cleaner.create();
    /** The EVP_MAC, fetched once (never freed: one per process). */
    private static final long MAC;
    static final boolean AVAILABLE;

    static {
        long mac = 0;
        boolean ok = false;
        if (Platform.isLinux() && Native.POINTER_SIZE == 8 && !Boolean.getBoolean("rshelld.noOpenSsl")) {
            try {
                Native.register(OpenSslPoly1305.class, NativeLibrary.getInstance("libcrypto.so.3"));
                mac = EVP_MAC_fetch(0, "POLY1305", null);
                ok = mac != 0;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                ok = false;
            }
        }
        MAC = mac;
        AVAILABLE = ok && Poly1305.sameAsMinas(OpenSslPoly1305::new);
    }

    private static native long EVP_MAC_fetch(long libctx, String algorithm, String properties);

    private static native long EVP_MAC_CTX_new(long mac);

    private static native void EVP_MAC_CTX_free(long ctx);

    private static native int EVP_MAC_init(long ctx, long key, long keylen, long params);

    private static native int EVP_MAC_update(long ctx, long data, long datalen);

    private static native int EVP_MAC_final(long ctx, long out, long outl, long outsize);

    /** key (32), then the tag (16), then outl (8), then the data being MACed. */
    private static final int KEY = 0;
    private static final int TAG = KEY_BYTES;
    private static final int OUTL = TAG + TAG_BYTES;
    private static final int DATA = OUTL + 8;

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(DATA + CHUNK);
    private final long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    private final long ctx;

    OpenSslPoly1305() {
        long c = EVP_MAC_CTX_new(MAC);
        if (c == 0) {
            throw new IllegalStateException("OpenSSL could not make a Poly1305 context (out of memory?)");
        }
        ctx = c;
        CLEANER.register(this, () -> EVP_MAC_CTX_free(c));
    }

    @Override
    void init(byte[] key) {
        buffer.put(KEY, key, 0, KEY_BYTES);
        check(EVP_MAC_init(ctx, address + KEY, KEY_BYTES, 0), "EVP_MAC_init");
    }

    @Override
    void update(byte[] data, int offset, int len) {
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            buffer.put(DATA, data, offset, n);
            check(EVP_MAC_update(ctx, address + DATA, n), "EVP_MAC_update");
            offset += n;
            len -= n;
        }
    }

    @Override
    void doFinal(byte[] out, int offset) {
        check(EVP_MAC_final(ctx, address + TAG, address + OUTL, TAG_BYTES), "EVP_MAC_final");
        buffer.get(TAG, out, offset, TAG_BYTES);
    }

    @Override
    String implementation() {
        return "OpenSSL";
    }

    private static void check(int result, String call) {
        if (result != 1) {
            throw new IllegalStateException("OpenSSL's " + call + " failed for Poly1305");
        }
    }
}
