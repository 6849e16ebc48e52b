package io.remoteshell.client;

import java.util.Objects;

/**
 * An SSH server to connect through on the way to an ssh:// address, as OpenSSH's {@code -J} / {@code ProxyJump}: the
 * connection to the next server is a TCP forward ({@code direct-tcpip}) through this one. Each jump host has its own
 * user, credentials and host key check, as each is a login of its own.
 */
public record JumpHost(Endpoint endpoint, Credentials credentials, HostKeys hostKeys) {

    public JumpHost {
        Objects.requireNonNull(endpoint, "endpoint is null: pass the jump host's ssh:// address");
        Objects.requireNonNull(credentials, "credentials is null: pass how to log in to the jump host");
        Objects.requireNonNull(hostKeys, "hostKeys is null: pass how to check the jump host's key, e.g. HostKeys.defaults()");
        if (!endpoint.scheme().equals("ssh")) {
            throw new IllegalArgumentException("jump host " + endpoint + " is not an SSH server: a jump host is ssh://USER@HOST:PORT");
        }
    }
}
