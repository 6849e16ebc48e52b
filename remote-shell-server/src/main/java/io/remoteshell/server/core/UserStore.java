package io.remoteshell.server.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users allowed in: one directory per user under STATE/users holding a token file (RSP/1),
 * and optionally an Argon2id password hash and an OpenSSH authorized_keys file (SSH).
 * All of them are read from disk at every login, so adding a user, replacing a token, setting
 * a password or editing authorized_keys takes effect without a restart. Secrets are 0600 and
 * their directories 0700.
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

    /** Where the Argon2id password hash of {@code name} is (or would be) kept. */
    public Path passwordFile(String name) {
        return usersDir.resolve(name).resolve("password");
    }

    /** The OpenSSH authorized_keys file of {@code name}, which the admin or the user maintains. */
    public Path authorizedKeysFile(String name) {
        return usersDir.resolve(name).resolve("authorized_keys");
    }

    public boolean exists(String name) {
        return isValidName(name) && Files.isRegularFile(tokenFile(name));
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

    /** The users, by name; a directory without a token file is no user. */
    public java.util.List<String> list() throws IOException {
        if (!Files.isDirectory(usersDir)) {
            return java.util.List.of();
        }
        try (var dirs = Files.list(usersDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("token"))).map(d -> d.getFileName().toString())
                    .filter(UserStore::isValidName).sorted().toList();
        }
    }

    /**
     * Removes a user: token, password and authorized keys. Logins read these files each time, so from now on the user
     * cannot log in; connections already open stay until they end, as with OpenSSH's sshd.
     *
     * @throws IllegalArgumentException for an unknown user
     */
    public void remove(String name) throws IOException {
        requireExisting(name);
        Path dir = usersDir.resolve(name);
        // The token first: once it is gone the user no longer exists, whatever else a failure leaves.
        Files.delete(tokenFile(name));
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Gives a user a fresh token, replacing the old one atomically: logins read the token file each time, so the old
     * token stops working at once. Returns the token file.
     *
     * @throws IllegalArgumentException for an unknown user
     */
    public Path rotateToken(String name) throws IOException {
        requireExisting(name);
        Path token = tokenFile(name);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Path tmp = Files.createTempFile(token.getParent(), ".token", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, token, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return token;
    }

    private void requireExisting(String name) {
        if (!exists(name)) {
            throw new IllegalArgumentException("no user \"" + name + "\" in " + usersDir + "; rshelld user list shows them");
        }
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

    /**
     * Sets (or replaces) the password of an existing user: only its Argon2id hash is stored, written to a new 0600
     * file that atomically replaces the old one, so a login never reads half a hash.
     *
     * @throws IllegalArgumentException for an unknown user or an empty password
     */
    public void setPassword(String name, char[] password) throws IOException {
        if (!exists(name)) {
            throw new IllegalArgumentException("no user \"" + name + "\"; create it first with: rshelld user add " + name);
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("refusing an empty password; give at least one character");
        }
        String hash = Passwords.hash(password);
        Path file = passwordFile(name);
        Path tmp = Files.createTempFile(file.getParent(), ".password", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            Files.writeString(tmp, hash + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * True when {@code name} is a user with a password and {@code password} is it, read from disk now. Unknown
     * users and users without a password cost the same hashing work, so timing does not tell them apart.
     */
    public boolean checkPassword(String name, char[] password) throws IOException {
        String hash = null;
        if (exists(name)) {
            try {
                hash = Files.readString(passwordFile(name), StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                // No password set: password logins are refused for this user.
            }
        }
        return Passwords.verify(password, hash);
    }

    private static void createPrivateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
    }
}
