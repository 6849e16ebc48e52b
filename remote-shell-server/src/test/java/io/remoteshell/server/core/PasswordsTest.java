package io.remoteshell.server.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argon2id hashes in PHC format, checked in constant time, with stored parameters bounded. */
class PasswordsTest {

    @Test
    void hashesVerifyAndAreSalted() {
        String a = Passwords.hash("correct horse".toCharArray());
        String b = Passwords.hash("correct horse".toCharArray());
        assertTrue(a.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), a);
        assertNotEquals(a, b);
        assertTrue(Passwords.verify("correct horse".toCharArray(), a));
        assertTrue(Passwords.verify("correct horse".toCharArray(), a + "\n"));
        assertFalse(Passwords.verify("correct horsE".toCharArray(), a));
        assertFalse(Passwords.verify("".toCharArray(), a));
    }

    @Test
    void malformedOrOutrageousHashesNeverMatch() {
        String good = Passwords.hash("pw".toCharArray());
        assertFalse(Passwords.verify("pw".toCharArray(), null));
        assertFalse(Passwords.verify("pw".toCharArray(), ""));
        assertFalse(Passwords.verify("pw".toCharArray(), good.replace("argon2id", "argon2i")));
        // 64 GiB of memory asked for by a tampered file: refused, not attempted.
        assertFalse(Passwords.verify("pw".toCharArray(), good.replace("m=19456", "m=67108864")));
    }
}
