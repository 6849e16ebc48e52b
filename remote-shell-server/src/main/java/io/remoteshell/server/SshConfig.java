package io.remoteshell.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the SSH front end is set up; part of {@link ServerConfig}. Immutable, with {@code with} copies.
 *
 * @param enabled         serve SSH at all
 * @param port            TCP port on the server's bind address; 0 picks a free one
 * @param passwordAuth    accept passwords (Argon2id hashes set with {@code rshelld user passwd}) besides keys
 * @param allowForwarding allow TCP, agent and X11 forwarding; refused when false
 * @param acceptEnv       environment variables clients may set besides LANG and LC_* (OpenSSH's AcceptEnv)
 * @param sftpRoot        null (the default) for OpenSSH's behaviour: SFTP and SCP see the whole file system as the
 *                        server's user, as commands do, with relative paths starting in its home; or a directory to
 *                        confine them to, which they see as "/"
 * @param idleTimeout     a connection with no traffic at all for this long is closed
 */
public record SshConfig(boolean enabled, int port, boolean passwordAuth, boolean allowForwarding, List<String> acceptEnv,
                        Path sftpRoot, Duration idleTimeout) {

    public static final int DEFAULT_PORT = 2222;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SshConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("SSH port " + port + " is out of range: use 0..65535 (0 = any free port)");
        }
        acceptEnv = acceptEnv == null ? List.of() : List.copyOf(acceptEnv);
        for (String name : acceptEnv) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("cannot accept environment variable \"" + name
                        + "\": give a name of letters, digits and _, not starting with a digit");
            }
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the SSH idle timeout must be positive");
        }
    }

    /**
     * On, port 2222, passwords accepted, no forwarding, SFTP and SCP unconfined and starting in the server user's home,
     * idle connections closed after an hour.
     */
    public static SshConfig defaults() {
        return new SshConfig(true, DEFAULT_PORT, true, false, List.of(), null, Duration.ofHours(1));
    }

    public SshConfig withEnabled(boolean e) {
        return new SshConfig(e, port, passwordAuth, allowForwarding, acceptEnv, sftpRoot, idleTimeout);
    }

    public SshConfig withPort(int p) {
        return new SshConfig(enabled, p, passwordAuth, allowForwarding, acceptEnv, sftpRoot, idleTimeout);
    }

    public SshConfig withPasswordAuth(boolean b) {
        return new SshConfig(enabled, port, b, allowForwarding, acceptEnv, sftpRoot, idleTimeout);
    }

    public SshConfig withAllowForwarding(boolean b) {
        return new SshConfig(enabled, port, passwordAuth, b, acceptEnv, sftpRoot, idleTimeout);
    }

    public SshConfig withAcceptEnv(List<String> names) {
        return new SshConfig(enabled, port, passwordAuth, allowForwarding, names, sftpRoot, idleTimeout);
    }

    /** Confines SFTP and SCP to {@code dir}, which they see as "/"; null lifts the confinement. */
    public SshConfig withSftpRoot(Path dir) {
        return new SshConfig(enabled, port, passwordAuth, allowForwarding, acceptEnv, dir, idleTimeout);
    }

    public SshConfig withIdleTimeout(Duration d) {
        return new SshConfig(enabled, port, passwordAuth, allowForwarding, acceptEnv, sftpRoot, d);
    }
}
