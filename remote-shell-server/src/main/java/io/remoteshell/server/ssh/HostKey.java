package io.remoteshell.server.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Collection;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.loader.openssh.OpenSSHKeyPairResourceParser;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The server's Ed25519 host key in STATE/ssh_host_ed25519_key (OpenSSH format, mode 0600): generated
 * once, on the first start, and from then on only read. Clients pin it, so it is never replaced
 * behind the operator's back; a file that is not an Ed25519 key stops the start with a clear error
 * (MINA's own generator provider would silently delete and regenerate it).
 */
final class HostKey {

    static final String FILE_NAME = "ssh_host_ed25519_key";

    private final Path file;
    private final KeyPair keyPair;

    private HostKey(Path file, KeyPair keyPair) {
        this.file = file;
        this.keyPair = keyPair;
    }

    static HostKey loadOrCreate(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            try {
                return new HostKey(file, create(file));
            } catch (FileAlreadyExistsException e) {
                // Another rshelld on the same state dir won the race; use its key.
            }
        }
        return new HostKey(file, load(file));
    }

    private static KeyPair create(Path file) throws IOException {
        KeyPair kp;
        try {
            kp = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an Ed25519 host key (is Bouncy Castle on the class path?): " + e.getMessage(), e);
        }
        // Written under a temporary name and moved into place, so a crash never leaves half a key that a later start would refuse.
        Path tmp = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "rshelld host key", null, out);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encode the new host key: " + e.getMessage(), e);
            }
            // A hard link fails if the name exists: never overwrite a key another process just wrote.
            Files.createLink(file, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return kp;
    }

    private static KeyPair load(Path file) throws IOException {
        Collection<KeyPair> keys;
        try {
            keys = OpenSSHKeyPairResourceParser.INSTANCE.loadKeyPairs(null, file, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot read the SSH host key " + file + ": " + e.getMessage()
                    + "; restore it from a backup, or move it away to have a new one generated (clients will warn of the change)", e);
        }
        if (keys == null || keys.size() != 1 || !KeyPairProvider.SSH_ED25519.equals(KeyUtils.getKeyType(keys.iterator().next()))) {
            throw new IOException("the SSH host key " + file + " is not a single unencrypted Ed25519 key in OpenSSH format"
                    + "; restore it, or move it away to have a new one generated (clients will warn of the change)");
        }
        return keys.iterator().next();
    }

    Path file() {
        return file;
    }

    KeyPair keyPair() {
        return keyPair;
    }

    /** The fingerprint as {@code ssh-keygen -lf} prints it, without the comment: {@code 256 SHA256:... (ED25519)}. */
    String fingerprintLine() {
        return "256 " + KeyUtils.getFingerPrint(keyPair.getPublic()) + " (ED25519)";
    }
}
