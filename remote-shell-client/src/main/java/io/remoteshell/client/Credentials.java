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
 * What a session authenticates with: a token (RSP/1), or for SSH private key files, the keys of an ssh-agent and a
 * password prompt. The ready forms: {@link #localServerToken(String)} (the token rshelld keeps for a user on this
 * machine), {@link #sshDefaults(SecretPrompt)} (what ssh offers: the agent, then ~/.ssh's default keys), {@link
 * #sshAgent()}. {@link #toString()} never shows a secret.
 */
public final class Credentials {

    static {
        // Before this class's logger, the first the library makes: no SLF4J warning for an application without a binding.
        QuietLogging.whenUnbound();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);

    /** The environment variable that names ssh-agent's socket, as OpenSSH uses it. */
    public static final String SSH_AUTH_SOCK = "SSH_AUTH_SOCK";
    /** The key files ssh offers when told of none, in its order. */
    public static final List<String> DEFAULT_KEY_FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final String token;
    private final List<Path> identityFiles;
    private final SecretPrompt prompt;
    private final Path agentSocket;

    private Credentials(String token, List<Path> identityFiles, SecretPrompt prompt, Path agentSocket) {
        this.token = token;
        this.identityFiles = identityFiles;
        this.prompt = prompt;
        this.agentSocket = agentSocket;
    }

    private Credentials(String token) {
        this(token, List.of(), SecretPrompt.NONE, null);
    }

    /**
     * For SSH: the private keys in {@code identityFiles} (OpenSSH or PEM format), tried in order, then a password
     * asked through {@code prompt}, which also asks for the passphrase of an encrypted key.
     *
     * @param prompt {@link SecretPrompt#NONE} never asks
     */
    public static Credentials sshKeys(List<Path> identityFiles, SecretPrompt prompt) {
        Objects.requireNonNull(identityFiles, "identityFiles is null: pass List.of() to offer no key files");
        Objects.requireNonNull(prompt, "prompt is null: pass SecretPrompt.NONE to never ask for a password or passphrase");
        for (Path file : identityFiles) {
            Objects.requireNonNull(file, "identityFiles holds a null path");
        }
        return new Credentials(null, List.copyOf(identityFiles), prompt, null);
    }

    /**
     * For SSH, what ssh offers by default: the keys of the ssh-agent named by {@code SSH_AUTH_SOCK} when it is set,
     * then those of {@code ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa} that exist, then a password asked
     * through {@code prompt}.
     */
    public static Credentials sshDefaults(SecretPrompt prompt) {
        Path dotSsh = Path.of(System.getProperty("user.home"), ".ssh");
        List<Path> keys = DEFAULT_KEY_FILES.stream().map(dotSsh::resolve).filter(Files::isRegularFile).toList();
        Credentials c = sshKeys(keys, prompt);
        String sock = System.getenv(SSH_AUTH_SOCK);
        return sock == null || sock.isBlank() ? c : c.withAgent(Path.of(sock));
    }

    /**
     * For SSH: the keys of the ssh-agent named by the {@code SSH_AUTH_SOCK} environment variable, and nothing else.
     *
     * @throws AuthenticationException when {@code SSH_AUTH_SOCK} is not set (no agent runs for this process)
     */
    public static Credentials sshAgent() throws AuthenticationException {
        String sock = System.getenv(SSH_AUTH_SOCK);
        if (sock == null || sock.isBlank()) {
            throw new AuthenticationException(SSH_AUTH_SOCK + " is not set, so there is no ssh-agent to ask: start one "
                    + "(eval $(ssh-agent); ssh-add) or use Credentials.sshKeys with key files");
        }
        return sshAgent(Path.of(sock));
    }

    /** For SSH: the keys of the ssh-agent listening on the Unix domain socket {@code socket}, and nothing else. */
    public static Credentials sshAgent(Path socket) {
        return sshKeys(List.of(), SecretPrompt.NONE).withAgent(socket);
    }

    /** These SSH credentials, with the keys of the ssh-agent at {@code socket} offered first, as ssh offers them. */
    public Credentials withAgent(Path socket) {
        Objects.requireNonNull(socket, "socket is null: pass the ssh-agent's socket, such as $SSH_AUTH_SOCK");
        if (token != null) {
            throw new IllegalStateException("a token is for RSP/1; an ssh-agent goes with SSH credentials");
        }
        return new Credentials(null, identityFiles, prompt, socket);
    }

    /**
     * The token rshelld keeps for {@code user} on this machine ({@code ~/.rshell/server/users/USER/token}), for
     * a client next to its server, such as a test.
     *
     * @throws AuthenticationException when there is no such file (no local rshelld has that user)
     */
    public static Credentials localServerToken(String user) throws IOException {
        Objects.requireNonNull(user, "user is null: pass the rshelld user name");
        return tokenFile(localServerTokenFile(user));
    }

    /** Where the local rshelld keeps {@code user}'s token: {@code ~/.rshell/server/users/USER/token}. */
    public static Path localServerTokenFile(String user) {
        return Path.of(System.getProperty("user.home"), ".rshell", "server", "users", user, "token");
    }

    /** A token as text, for example from an environment variable; surrounding whitespace is ignored. */
    public static Credentials token(String token) {
        String t = Objects.requireNonNull(token, "token is null: pass the token's text").strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the token is empty");
        }
        return new Credentials(t);
    }

    /** The token in a file (such as the server's {@code users/NAME/token}), read now and trimmed. */
    public static Credentials tokenFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file is null: pass the path of a token file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new AuthenticationException("token file " + file + " does not exist; `rshelld user add NAME` creates "
                    + "one on the server, in its state directory's users/NAME/token");
        } catch (IOException e) {
            throw new AuthenticationException("cannot read token file " + file + ": " + e.getMessage());
        }
        if (text.isEmpty()) {
            throw new AuthenticationException("token file " + file + " is empty");
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

    /** The ssh-agent socket whose keys are offered over SSH, or null for none. */
    public Path agentSocket() {
        return agentSocket;
    }

    /** Asks for passwords and key passphrases over SSH; {@link SecretPrompt#NONE} declines. */
    public SecretPrompt prompt() {
        return prompt;
    }

    @Override
    public String toString() {
        return token != null ? "Credentials[token=***]"
                : "Credentials[keys=" + identityFiles + (agentSocket == null ? "" : ", agent=" + agentSocket) + "]";
    }
}
