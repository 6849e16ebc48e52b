package io.remoteshell.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a running rshelld is set up. Immutable; the {@code with} methods return changed copies,
 * so tests and the command line start from {@link #defaults()} and change only what they need.
 */
public record ServerConfig(String bindAddress, int rspPort, Path stateDir, int maxConnections, int maxSessions,
                           Duration shutdownGrace, Duration authTimeout, Duration authFailureDelay, boolean rspEnabled,
                           SshConfig ssh, RspsConfig rsps, ServerLimits limits, boolean udpEnabled) {

    public static final int DEFAULT_RSP_PORT = 9900;
    /**
     * Sessions open at once on one connection: RSP/1 requests and SSH session channels alike, one setting for
     * both front ends. 10, as OpenSSH's MaxSessions: enough for a multiplexing client, and a bound on what one
     * authenticated connection can make the server run.
     */
    public static final int DEFAULT_MAX_SESSIONS = 10;

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
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max sessions per connection must be at least 1, not " + maxSessions);
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
        if (rsps == null) {
            throw new IllegalArgumentException("rsps settings are required (RspsConfig.defaults(), maybe enabled)");
        }
        if (!rspEnabled && !ssh.enabled() && !rsps.enabled()) {
            throw new IllegalArgumentException("every front end is off: keep RSP/1, rsps or SSH on");
        }
    }

    /**
     * Loopback, RSP/1 on 9900 and SSH on 2222 ({@link SshConfig#defaults()}), state in ~/.rshell/server, 256
     * connections, {@value #DEFAULT_MAX_SESSIONS} sessions each, 5 s grace, 30 s to authenticate, 1 s failure delay. rsps is off here
     * ({@link RspsConfig#defaults()}): the rshelld command line turns it on, on 9901; an embedding program or a test
     * asks for it with {@link #withRsps}. UDP probes are answered on the RSP port number ({@link #withUdpEnabled}).
     */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_RSP_PORT,
                Path.of(System.getProperty("user.home"), ".rshell", "server"), 256, DEFAULT_MAX_SESSIONS,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1), true, SshConfig.defaults(),
                RspsConfig.defaults(), ServerLimits.defaults(), true);
    }

    public ServerConfig withBindAddress(String a) {
        return new ServerConfig(a, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withRspPort(int p) {
        return new ServerConfig(bindAddress, p, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withStateDir(Path d) {
        return new ServerConfig(bindAddress, rspPort, d, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(bindAddress, rspPort, stateDir, n, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withMaxSessions(int n) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, n,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withShutdownGrace(Duration d) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                d, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withAuthTimeout(Duration d) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, d, authFailureDelay, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withAuthFailureDelay(Duration d) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, d, rspEnabled, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withRspEnabled(boolean e) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, e, ssh, rsps, limits, udpEnabled);
    }

    public ServerConfig withSsh(SshConfig s) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, s, rsps, limits, udpEnabled);
    }

    public ServerConfig withLimits(ServerLimits l) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, l, udpEnabled);
    }

    /** Whether UDP probes (rshell ping, rshell discover) are answered on the RSP port number, while RSP/1 is on. */
    public ServerConfig withUdpEnabled(boolean e) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, rsps, limits, e);
    }

    public ServerConfig withRsps(RspsConfig r) {
        return new ServerConfig(bindAddress, rspPort, stateDir, maxConnections, maxSessions,
                shutdownGrace, authTimeout, authFailureDelay, rspEnabled, ssh, r, limits, udpEnabled);
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
