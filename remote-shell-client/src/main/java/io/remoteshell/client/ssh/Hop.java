package io.remoteshell.client.ssh;

import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.HostKeys;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/** One SSH server of a {@link Route}: a jump host or the target, with its own login and host key check. */
final class Hop {

    final Endpoint endpoint;
    final Credentials credentials;
    final KnownHostsChecker checker;
    final PasswordInteraction interaction;
    final boolean jump;

    /** What happened to this hop's session so far; written on MINA's threads. */
    volatile ClientSession session;
    volatile boolean keyed;
    volatile boolean authenticated;
    /** Why this hop did not open a forward to the next one, and to where. */
    volatile Throwable forwardRefusal;
    volatile SshdSocketAddress refusedExit;

    Hop(Endpoint endpoint, Credentials credentials, HostKeys hostKeys, boolean jump) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.checker = new KnownHostsChecker(hostKeys, endpoint);
        this.interaction = new PasswordInteraction(credentials.prompt(), endpoint);
        this.jump = jump;
    }

    /** The hop as messages name it: "jump host 127.0.0.1:2201" or "127.0.0.1:2222". */
    String name() {
        return (jump ? "jump host " : "") + endpoint.hostPort();
    }
}
