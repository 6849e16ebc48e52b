package io.remoteshell.server.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users allowed in: one directory per user under STATE/users holding a token file.
 * Tokens are read from disk at every login, so adding a user or replacing a token takes
 * effect without a restart. Secrets are 0600 and their directories 0700.
 */
public final class UserStore {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path usersDir;

    public UserStore(Path stateDir) {
        this.usersDir = stateDir.resolve("users");
    }

    /** True when {@code name} is a valid user name: lowercase letter or _, then up to 31 of [a-z0-9_.-]. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Where the token of {@code name} is (or would be) kept. */
    public Path tokenFile(String name) {
        return usersDir.resolve(name).resolve("token");
    }

    /** True when no user has been created yet. */
    public boolean isEmpty() throws IOException {
        if (!Files.isDirectory(usersDir)) {
            return true;
        }
        try (var list = Files.list(usersDir)) {
            return list.noneMatch(d -> Files.isRegularFile(d.resolve("token")));
        }
    }

    /**
     * Creates a user with a fresh token of 256 random bits (64 hex chars) and returns the token file.
     *
     * @throws IllegalArgumentException for an invalid name or a user that already exists
     */
    public Path add(String name) throws IOException {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid user name \"" + name
                    + "\": use 1-32 characters, a lowercase letter or _ first, then lowercase letters, digits, _ . -");
        }
        createPrivateDir(usersDir.getParent());
        createPrivateDir(usersDir);
        Path dir = usersDir.resolve(name);
        createPrivateDir(dir);
        Path token = tokenFile(name);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try {
            Files.createFile(token, PosixFilePermissions.asFileAttribute(FILE_MODE));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("user " + name + " already exists (token: " + token + ")");
        }
        Files.setPosixFilePermissions(token, FILE_MODE); // the umask may have narrowed nothing, but be exact
        Files.writeString(token, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
        return token;
    }

    /** The current token text of {@code name} (trimmed), read from disk now; empty for an unknown or invalid name. */
    public Optional<String> token(String name) throws IOException {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(tokenFile(name), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void createPrivateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
    }
}
