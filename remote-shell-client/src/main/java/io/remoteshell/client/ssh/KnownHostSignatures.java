package io.remoteshell.client.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.signature.SignatureFactory;

/**
 * Checks a signature made with a host's SSH host key (the UDP probe's replies) against the keys an OpenSSH
 * known_hosts file records for that host, hashed names and {@code [host]:port} entries included, as ssh would
 * look them up. {@code @revoked} and {@code @cert-authority} lines never vouch for anything.
 */
public final class KnownHostSignatures {

    /** What known_hosts says about a signed statement. */
    public enum Verdict {
        /** A key recorded for the host made the signature. */
        VERIFIED,
        /** known_hosts has no key for the host: nothing to check against (not proof of anything). */
        UNKNOWN_HOST,
        /** The host is known, but the statement names another key than the recorded one. */
        KEY_MISMATCH,
        /** The statement names the recorded key, but that key did not make the signature: forged or corrupted. */
        BAD_SIGNATURE
    }

    private KnownHostSignatures() {
    }

    /**
     * @param fingerprint the {@code SHA256:…} fingerprint the statement claims for its key
     * @param signed      the exact bytes that were signed
     * @param signature   an SSH signature blob: string key type, string signature
     */
    public static Verdict check(Path knownHosts, String host, int port, String fingerprint, byte[] signed, byte[] signature) {
        List<PublicKey> keys = recordedKeys(knownHosts, host, port);
        if (keys.isEmpty()) {
            return Verdict.UNKNOWN_HOST;
        }
        PublicKey claimed = keys.stream().filter(k -> fingerprint.equals(KeyUtils.getFingerPrint(k))).findFirst().orElse(null);
        if (claimed == null) {
            return Verdict.KEY_MISMATCH;
        }
        return verifies(claimed, signed, signature) ? Verdict.VERIFIED : Verdict.BAD_SIGNATURE;
    }

    /** The keys recorded for {@code host} at {@code port} ({@code [host]:port}, or plain {@code host} for 22). */
    static List<PublicKey> recordedKeys(Path knownHosts, String host, int port) {
        List<PublicKey> keys = new ArrayList<>();
        if (!Files.isReadable(knownHosts)) {
            return keys;
        }
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(knownHosts)) {
                if (entry.getMarker() == null && entry.getKeyEntry() != null && entry.isHostMatch(host, port)) {
                    try {
                        keys.add(entry.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING));
                    } catch (Exception e) {
                        // A key type this JVM cannot read vouches for nothing; the other lines still count.
                    }
                }
            }
        } catch (IOException e) {
            return keys;
        }
        keys.removeIf(k -> k == null);
        return keys;
    }

    private static boolean verifies(PublicKey key, byte[] signed, byte[] blob) {
        try {
            ByteBuffer b = ByteBuffer.wrap(blob);
            byte[] type = string(b);
            byte[] raw = string(b);
            if (type == null || raw == null || b.hasRemaining()) {
                return false;
            }
            SignatureFactory factory = BuiltinSignatures.fromFactoryName(new String(type, StandardCharsets.US_ASCII));
            if (factory == null) {
                return false;
            }
            Signature verifier = factory.create();
            verifier.initVerifier(null, key);
            verifier.update(null, signed);
            return verifier.verify(null, raw);
        } catch (Exception e) {
            // A truncated blob or a key the verifier rejects: not a valid signature, whatever the cause.
            return false;
        }
    }

    /** An SSH string (uint32 length, bytes), or null when the length runs past the end: never sized by the peer alone. */
    private static byte[] string(ByteBuffer b) {
        if (b.remaining() < 4) {
            return null;
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            return null;
        }
        byte[] s = new byte[n];
        b.get(s);
        return s;
    }
}
