package io.remoteshell.server.core;

/**
 * Everything a front end (RSP/1 now, SSH later) needs from the daemon: who may log in, how
 * logins are throttled, how commands run, where client paths point, where requests are audited and where the
 * uploads in progress are recorded.
 */
public record ServerCore(UserStore users, AuthThrottle throttle, CommandRunner commands, PathResolver paths, AuditLog audit,
                         PartFiles parts) {
}
