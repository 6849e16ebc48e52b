package io.remoteshell.server.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Collection;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.loader.openssh.OpenSSHKeyPairResourceParser;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * Key files as OpenSSH writes and reads them, for the embedded server's test users and known_hosts: the only place
 * outside the SSH front end that touches MINA's key classes, so MINA stays behind this package.
 */
public final class OpenSshKeys {

    private OpenSshKeys() {
    }

    /**
     * Generates an Ed25519 pair as {@code ssh-keygen -t ed25519 -N ''} would: {@code privateKey} (mode 0600, unencrypted
     * OpenSSH format) and {@code privateKey.pub}. Returns the public key's line, {@code ssh-ed25519 AAAA... comment}.
     */
    public static String generateEd25519(Path privateKey, String comment) throws IOException {
        KeyPair pair;
        try {
            pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an Ed25519 key (is Bouncy Castle on the class path?): " + e.getMessage(), e);
        }
        Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(privateKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the new key: " + e.getMessage(), e);
        }
        String line = PublicKeyEntry.toString(pair.getPublic()) + " " + comment;
        Files.writeString(Path.of(privateKey + ".pub"), line + "\n", StandardCharsets.US_ASCII);
        return line;
    }

    /** The public half of the unencrypted private key in {@code privateKey}, as known_hosts wants it: {@code ssh-ed25519 AAAA...}. */
    public static String publicKeyOf(Path privateKey) throws IOException {
        Collection<KeyPair> keys;
        try {
            keys = OpenSSHKeyPairResourceParser.INSTANCE.loadKeyPairs(null, privateKey, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot read the key " + privateKey + ": " + e.getMessage(), e);
        }
        if (keys == null || keys.isEmpty()) {
            throw new IOException("no key in " + privateKey);
        }
        return PublicKeyEntry.toString(keys.iterator().next().getPublic());
    }
}
