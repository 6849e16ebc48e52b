package io.remoteshell.server.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id only, kept in the PHC string format that other tools read too,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH} (unpadded base64). The cost is OWASP's
 * recommended minimum for Argon2id (19 MiB, 2 passes, 1 lane): about a tenth of a second here,
 * which is what makes guessing offline slow. Verification re-uses the parameters stored with the
 * hash, within bounds, so raising the cost later does not lock out existing users.
 */
public final class Passwords {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** A stored hash asking for more than this is refused rather than allowed to exhaust the server. */
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 16;
    private static final int MAX_PARALLELISM = 16;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when there is no hash, so an unknown user costs the same time as a wrong password. */
    private static final String DECOY = hash("decoy".toCharArray());

    private Passwords() {
    }

    /** A new salted Argon2id hash of {@code password} in PHC string format. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * True when {@code password} matches {@code phc}. A null or malformed hash never matches, but costs the same
     * work as a real check, so response times do not tell which users have a password.
     */
    public static boolean verify(char[] password, String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc.strip());
        boolean usable = m != null && m.matches() && withinBounds(m);
        if (!usable) {
            verify(password, DECOY);
            return false;
        }
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = argon2(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual); // constant time in the content
    }

    private static boolean withinBounds(Matcher m) {
        long memory = Long.parseLong(m.group(1));
        int t = Integer.parseInt(m.group(2));
        int p = Integer.parseInt(m.group(3));
        return memory >= 8L * p && memory <= MAX_MEMORY_KIB && t >= 1 && t <= MAX_ITERATIONS && p >= 1 && p <= MAX_PARALLELISM;
    }

    private static byte[] argon2(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
