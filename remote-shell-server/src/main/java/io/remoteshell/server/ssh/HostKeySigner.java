package io.remoteshell.server.ssh;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

/**
 * Signs with the server's SSH host key outside of SSH (the UDP probe's replies), so that a client holding the
 * key in known_hosts can tell a genuine answer from a forged one. The signature is encoded as SSH encodes it
 * everywhere (RFC 8709, section 6): string "ssh-ed25519", then string of the 64-byte Ed25519 signature.
 */
public final class HostKeySigner {

    private final HostKey hostKey;

    HostKeySigner(HostKey hostKey) {
        this.hostKey = hostKey;
    }

    /** The host key of {@code stateDir}, made on first use as the SSH front end would make it. */
    public static HostKeySigner load(Path stateDir) throws IOException {
        return new HostKeySigner(HostKey.loadOrCreate(stateDir));
    }

    /** {@code SHA256:} and the unpadded base64 of the key's SHA-256, as {@code ssh-keygen -lf} shows it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(hostKey.keyPair().getPublic());
    }

    /** The SSH signature blob of {@code data}. Thread-safe: each call has its own signer. */
    public byte[] sign(byte[] data) {
        try {
            Signature signer = BuiltinSignatures.ed25519.create();
            signer.initSigner(null, hostKey.keyPair().getPrivate());
            signer.update(null, data);
            byte[] raw = signer.sign(null);
            ByteArrayOutputStream blob = new ByteArrayOutputStream(4 + 11 + 4 + raw.length);
            DataOutputStream out = new DataOutputStream(blob);
            byte[] type = KeyPairProvider.SSH_ED25519.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            out.writeInt(raw.length);
            out.write(raw);
            return blob.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign with the SSH host key: " + e.getMessage(), e);
        }
    }
}
