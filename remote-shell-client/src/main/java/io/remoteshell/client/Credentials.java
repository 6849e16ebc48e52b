package io.remoteshell.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session authenticates with: a token (RSP/1), or private key files and a password prompt (SSH).
 * {@link #toString()} never shows a secret.
 */
public final class Credentials {

    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);

    private final String token;
    private final List<Path> identityFiles;
    private final SecretPrompt prompt;

    private Credentials(String token, List<Path> identityFiles, SecretPrompt prompt) {
        this.token = token;
        this.identityFiles = identityFiles;
        this.prompt = prompt;
    }

    private Credentials(String token) {
        this(token, List.of(), SecretPrompt.NONE);
    }

    /**
     * For SSH: the private keys in {@code identityFiles} (OpenSSH or PEM format), tried in order, then a password
     * asked through {@code prompt}, which also asks for the passphrase of an encrypted key.
     */
    public static Credentials sshKeys(List<Path> identityFiles, SecretPrompt prompt) {
        return new Credentials(null, List.copyOf(identityFiles), Objects.requireNonNull(prompt, "prompt"));
    }

    /** A token as text, for example from an environment variable; surrounding whitespace is ignored. */
    public static Credentials token(String token) {
        String t = Objects.requireNonNull(token, "token").strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the token is empty");
        }
        return new Credentials(t);
    }

    /** The token in a file (such as the server's {@code users/NAME/token}), read now and trimmed. */
    public static Credentials tokenFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new IOException("token file " + file + " does not exist; `rshelld user add NAME` creates one on the server", e);
        } catch (IOException e) {
            throw new IOException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
        if (text.isEmpty()) {
            throw new IOException("token file " + file + " is empty");
        }
        warnIfOthersCanRead(file);
        return new Credentials(text);
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("token file {} can be read by other users; protect it with: chmod 600 {}", file, file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: there is no mode to check.
        }
    }

    /**
     * The token text; transports derive their key from it.
     *
     * @throws IllegalStateException when these are SSH credentials
     */
    public String token() {
        if (token == null) {
            throw new IllegalStateException("these credentials are SSH keys and a password prompt, not an RSP/1 token");
        }
        return token;
    }

    /** The private key files to offer over SSH, in order; empty for a token. */
    public List<Path> identityFiles() {
        return identityFiles;
    }

    /** Asks for passwords and key passphrases over SSH; {@link SecretPrompt#NONE} declines. */
    public SecretPrompt prompt() {
        return prompt;
    }

    @Override
    public String toString() {
        return token != null ? "Credentials[token=***]" : "Credentials[keys=" + identityFiles + "]";
    }
}
