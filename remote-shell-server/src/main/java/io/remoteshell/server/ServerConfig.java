package io.remoteshell.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a running rshelld is set up. Immutable; the {@code with} methods return changed copies,
 * so tests and the command line start from {@link #defaults()} and change only what they need.
 */
public record ServerConfig(String bindAddress, int rspPort, Path stateDir, int maxConnections, int maxRequestsPerConnection,
                           Duration shutdownGrace, Duration authTimeout, Duration authFailureDelay, boolean rspEnabled,
                           SshConfig ssh, ServerLimits limits) {

    public static final int DEFAULT_RSP_PORT = 9900;

    public ServerConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address is required (e.g. 127.0.0.1)");
        }
        if (rspPort < 0 || rspPort > 65535) {
            throw new IllegalArgumentException("RSP port " + rspPort + " is out of range: use 0..65535 (0 = any free port)");
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("state directory is required");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, not " + maxConnections);
        }
        if (maxRequestsPerConnection < 1) {
            throw new IllegalArgumentException("max requests per connection must be at least 1, not " + maxRequestsPerConnection);
        }
        requirePositive(shutdownGrace, "shutdown grace");
        requirePositive(authTimeout, "auth timeout");
        if (authFailureDelay == null || authFailureDelay.isNegative()) {
            throw new IllegalArgumentException("auth failure delay must be zero or more");
        }
        if (ssh == null) {
            throw new IllegalArgumentException("SSH settings are required (SshConfig.defaults(), maybe with enabled=false)");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits are required (ServerLimits.defaults())");
        }
        if (!rspEnabled && !ssh.enabled()) {
            throw new IllegalArgumentException("both front ends are off: keep RSP/1 or SSH on");
        }
    }

    /**
     * Loopback, RSP/1 on 9900 and SSH on 2222 ({@link SshConfig#defaults()}), state in ~/.rshell/server, 256
     * connections, 32 requests each, 5 s grace, 30 s to authenticate, 1 s failure delay.
     */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_RSP_PORT,
                Path.of(System.getProperty("user.home"), ".rshell", "server"), 256, 32,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1), true, SshConfig.defaults(),
                ServerLimits.defaults());
    }

    public ServerConfig withBindAddress(String a) {
        return new ServerConfig(a, rspPort, stateDir, maxConnections, maxRequestsPerConnection,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, limits);
    }

    public ServerConfig withRspPort(int p) {
        return new ServerConfig(bindAddress, p, stateDir, maxConnections, maxRequestsPerConnection,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, limits);
    }

    public ServerConfig withStateDir(Path d) {
        return new ServerConfig(bindAddress, rspPort, d, maxConnections, maxRequestsPerConnection,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, limits);
    }

    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(bindAddress, rspPort, stateDir, n, maxRequestsPerConnection,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, limits);
    }

    public ServerConfig withMaxRequestsPerConnection(int n) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, n,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, limits);
    }

    public ServerConfig withShutdownGrace(Duration d) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxRequestsPerConnection,
                d, authTimeout, authFailureDelay, rspEnabled, ssh, limits);
    }

    public ServerConfig withAuthTimeout(Duration d) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxRequestsPerConnection,
                shutdownGrace, d, authFailureDelay, rspEnabled, ssh, limits);
    }

    public ServerConfig withAuthFailureDelay(Duration d) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxRequestsPerConnection,
                shutdownGrace, authTimeout, d, rspEnabled, ssh, limits);
    }

    public ServerConfig withRspEnabled(boolean e) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxRequestsPerConnection,
                shutdownGrace, authTimeout, authFailureDelay, e, ssh, limits);
    }

    public ServerConfig withSsh(SshConfig s) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxRequestsPerConnection,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, s, limits);
    }

    public ServerConfig withLimits(ServerLimits l) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxRequestsPerConnection,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, l);
    }

    /** Shorthand for {@code withSsh(ssh().withEnabled(e))}; RSP/1-only tests turn SSH off. */
    public ServerConfig withSshEnabled(boolean e) {
        return withSsh(ssh.withEnabled(e));
    }

    /** The SSH port (0: any free one); shorthand for {@code withSsh(ssh().withPort(p))}. */
    public ServerConfig withSshPort(int p) {
        return withSsh(ssh.withPort(p));
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
