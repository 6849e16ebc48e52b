package io.remoteshell.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an ssh:// session reaches its server and notices that it is gone, with OpenSSH's names: {@code jumps} is
 * {@code ProxyJump} (first jump host first), {@code serverAliveInterval} and {@code serverAliveCountMax} are
 * {@code ServerAliveInterval} and {@code ServerAliveCountMax}: a keepalive request every interval, and the connection
 * dropped as lost when that many in a row had no reply. A zero interval means rshell's own default (every 15 s, lost
 * after 4), which keeps an idle session open through NATs.
 */
public record SshOptions(List<JumpHost> jumps, Duration serverAliveInterval, int serverAliveCountMax) {

    /** No jump hosts, rshell's default keepalives. */
    public static final SshOptions DEFAULTS = new SshOptions(List.of(), Duration.ZERO, 3);

    public SshOptions {
        jumps = List.copyOf(Objects.requireNonNull(jumps, "jumps is null: pass List.of() to connect directly"));
        Objects.requireNonNull(serverAliveInterval, "serverAliveInterval is null: pass Duration.ZERO for the default");
        if (serverAliveInterval.isNegative()) {
            throw new IllegalArgumentException("serverAliveInterval is negative: pass Duration.ZERO for the default");
        }
        if (serverAliveCountMax < 1) {
            throw new IllegalArgumentException("serverAliveCountMax is " + serverAliveCountMax + ": it counts keepalives, at least 1");
        }
    }

    /** These options with {@code jumps} instead. */
    public SshOptions withJumps(List<JumpHost> jumps) {
        return new SshOptions(jumps, serverAliveInterval, serverAliveCountMax);
    }
}
