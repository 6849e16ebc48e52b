package io.remoteshell.server.ssh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.mac.Poly1305Mac;

/**
 * The one-time Poly1305 MAC of chacha20-poly1305@openssh.com: the JDK's own where this JVM lets rshelld reach it,
 * MINA's otherwise.
 * <p>
 * The JDK has a Poly1305 only inside its ChaCha20-Poly1305 AEAD ({@code com.sun.crypto.provider.Poly1305}, not
 * exported), and OpenSSH's construction cannot use that AEAD: it MACs the encrypted length and payload back to back,
 * the AEAD pads each to 16 bytes and appends their lengths. But the JDK's Poly1305 is an intrinsic from JDK 20 on
 * (AVX-512 IFMA / AVX2 on x86-64): measured here 0.2 s per GB against 3-6 s for MINA's and Bouncy Castle's Java
 * ones, which made it a quarter of the server's CPU in a chacha20 stream. Before JDK 20 it is plain Java, and
 * 15-20 % slower than MINA's (JDK 17 here), so {@link #create} takes it from JDK 20 on only. rshelld.jar's manifest
 * opens the package ({@code Add-Opens: java.base/com.sun.crypto.provider}); without that (an embedding application,
 * a JVM that has moved the class) {@link #create} gives MINA's, which computes the same tags.
 */
abstract class Poly1305 {

    static final int KEY_BYTES = 32;
    static final int TAG_BYTES = 16;

    /** Starts a MAC under a new one-time key (32 bytes: r, then s). */
    abstract void init(byte[] key) throws Exception;

    abstract void update(byte[] data, int offset, int len) throws Exception;

    /** Writes the 16-byte tag to {@code out} at {@code offset}; the MAC then needs a new {@link #init}. */
    abstract void doFinal(byte[] out, int offset) throws Exception;

    /** Which one this is, for the log and the tests. */
    abstract String implementation();

    /** The first JDK whose Poly1305 is an intrinsic (JDK-8288047). */
    static final int JDK_INTRINSIC = 20;

    /** OpenSSL's where libcrypto 3 is there; else the JDK's when reachable and an intrinsic; else MINA's. */
    static Poly1305 create() {
        return switch (preferred()) {
            case "OpenSSL" -> new OpenSslPoly1305();
            case "JDK" -> new Jdk();
            default -> new Mina();
        };
    }

    /** Which one {@link #create} gives: "OpenSSL", "JDK" or "MINA". */
    static String preferred() {
        return OpenSslPoly1305.AVAILABLE ? "OpenSSL" : jdkPreferred() ? "JDK" : "MINA";
    }

    /** OpenSSL's, only when {@link OpenSslPoly1305#AVAILABLE}. */
    static Poly1305 openSsl() {
        return new OpenSslPoly1305();
    }

    /** Whether a MAC from {@code make} gives MINA's tag for a message that is not a whole number of blocks, split unevenly. */
    static boolean sameAsMinas(Supplier<Poly1305> make) {
        try {
            byte[] key = new byte[KEY_BYTES];
            byte[] data = new byte[100_000];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) (31 * i + 7);
            }
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * i + 3);
            }
            Poly1305 mac = make.get();
            byte[] tag = new byte[TAG_BYTES + 1];
            for (int round = 0; round < 2; round++) { // a second packet under a new key, as the cipher reuses it
                key[0] ^= 1;
                mac.init(key);
                mac.update(data, 0, 4);
                mac.update(data, 4, data.length - 4);
                mac.doFinal(tag, 1);
                Poly1305Mac mina = new Poly1305Mac();
                mina.init(key);
                mina.update(data, 0, data.length);
                byte[] expected = new byte[TAG_BYTES];
                mina.doFinal(expected, 0);
                if (!Arrays.equals(tag, 1, TAG_BYTES + 1, expected, 0, TAG_BYTES)) {
                    return false;
                }
            }
            return true;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** The JDK's (the tests compare it to MINA's on any JDK); only when {@link #jdkAvailable}. */
    static Poly1305 jdk() {
        return new Jdk();
    }

    /** MINA's Java Poly1305. */
    static Poly1305 mina() {
        return new Mina();
    }

    /** Whether the JDK's is reachable (its package opened to rshelld) and computes MINA's tags. */
    static boolean jdkAvailable() {
        return Jdk.AVAILABLE;
    }

    /** Whether {@link #create} gives the JDK's. */
    static boolean jdkPreferred() {
        return Jdk.AVAILABLE && Runtime.version().feature() >= JDK_INTRINSIC;
    }

    private static final class Mina extends Poly1305 {
        private final Poly1305Mac mac = new Poly1305Mac();

        @Override
        void init(byte[] key) throws Exception {
            mac.init(key);
        }

        @Override
        void update(byte[] data, int offset, int len) throws Exception {
            mac.update(data, offset, len);
        }

        @Override
        void doFinal(byte[] out, int offset) throws Exception {
            mac.doFinal(out, offset);
        }

        @Override
        String implementation() {
            return "MINA";
        }
    }

    /** com.sun.crypto.provider.Poly1305 through method handles: engineInit(Key, spec), engineUpdate, engineDoFinal(). */
    private static final class Jdk extends Poly1305 {
        private static final MethodHandle NEW;
        private static final MethodHandle INIT;
        private static final MethodHandle UPDATE;
        private static final MethodHandle FINISH;
        static final boolean AVAILABLE;

        static {
            MethodHandle make = null;
            MethodHandle init = null;
            MethodHandle update = null;
            MethodHandle finish = null;
            boolean ok = false;
            try {
                Class<?> c = Class.forName("com.sun.crypto.provider.Poly1305");
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                // JDK 21+ refuse a one-time key whose r or s is zero unless made with false; OpenSSH (and MINA) MAC
                // with any key (a chance of 2^-106 per packet, but a refusal would end the connection).
                Constructor<?> ctor;
                boolean checksKey;
                try {
                    ctor = c.getDeclaredConstructor(boolean.class);
                    checksKey = true;
                } catch (NoSuchMethodException e) {
                    ctor = c.getDeclaredConstructor();
                    checksKey = false;
                }
                Method i = c.getDeclaredMethod("engineInit", Key.class, AlgorithmParameterSpec.class);
                Method u = c.getDeclaredMethod("engineUpdate", byte[].class, int.class, int.class);
                Method f = c.getDeclaredMethod("engineDoFinal");
                ctor.setAccessible(true); // InaccessibleObjectException unless the package is opened to us
                i.setAccessible(true);
                u.setAccessible(true);
                f.setAccessible(true);
                make = lookup.unreflectConstructor(ctor);
                if (checksKey) {
                    make = MethodHandles.insertArguments(make, 0, false);
                }
                make = make.asType(MethodType.methodType(Object.class));
                init = lookup.unreflect(i).asType(MethodType.methodType(void.class, Object.class, Key.class,
                        AlgorithmParameterSpec.class));
                update = lookup.unreflect(u).asType(MethodType.methodType(void.class, Object.class, byte[].class,
                        int.class, int.class));
                finish = lookup.unreflect(f).asType(MethodType.methodType(byte[].class, Object.class));
                ok = true;
            } catch (Throwable e) { // ReflectiveOperationException, RuntimeException (InaccessibleObjectException)
                ok = false;
            }
            NEW = make;
            INIT = init;
            UPDATE = update;
            FINISH = finish;
            AVAILABLE = ok && sameAsMinas(Jdk::new);
        }

        private final Object mac;

        Jdk() {
            try {
                mac = NEW.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException("the JDK's Poly1305 could not be made", e);
            }
        }

        @Override
        void init(byte[] key) throws Exception {
            try {
                INIT.invokeExact(mac, (Key) new SecretKeySpec(key, 0, KEY_BYTES, "Poly1305"), (AlgorithmParameterSpec) null);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void update(byte[] data, int offset, int len) throws Exception {
            try {
                UPDATE.invokeExact(mac, data, offset, len);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void doFinal(byte[] out, int offset) throws Exception {
            byte[] tag;
            try {
                tag = (byte[]) FINISH.invokeExact(mac);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            System.arraycopy(tag, 0, out, offset, TAG_BYTES);
        }

        @Override
        String implementation() {
            return "JDK";
        }
    }
}
