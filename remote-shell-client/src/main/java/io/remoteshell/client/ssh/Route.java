package io.remoteshell.client.ssh;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.ConnectFailedException;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.HostKeyException;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.JumpHost;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.forward.TcpipClientChannel;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * The SSH servers from here to the target, jump hosts first, as OpenSSH's ProxyJump visits them. MINA SSHD connects
 * through them itself (a forward through each jump host to the next); this class gives each hop's session that hop's
 * host key check, keys, agent and password prompt, and turns a failure into a message naming the hop that failed.
 * MINA makes the sessions one after another, each only once the one before it logged in, so the n-th session made
 * is the n-th hop.
 */
final class Route {

    private static final AttributeKey<Hop> HOP = new AttributeKey<>();
    /** A forward refused by policy: OpenSSH's "administratively prohibited", or no direct-tcpip channel at all (rshelld). */
    private static final List<Integer> REFUSED = List.of(SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED,
            SshConstants.SSH_OPEN_UNKNOWN_CHANNEL_TYPE);
    /** The state MINA reports a refused channel with. */
    private static final String OPEN_FAILURE = "SSH_MSG_CHANNEL_OPEN_FAILURE";
    /** How long a failure waits for the jump host's refusal, which may arrive just after the tunnel closed. */
    private static final Duration REFUSAL_WAIT = Duration.ofSeconds(2);

    private final List<Hop> hops = new ArrayList<>();
    private final AtomicInteger made = new AtomicInteger();

    Route(List<JumpHost> jumps, Endpoint target, Credentials credentials, HostKeys hostKeys) {
        for (JumpHost j : jumps) {
            hops.add(new Hop(j.endpoint(), j.credentials(), j.hostKeys(), true));
        }
        hops.add(new Hop(target, credentials, hostKeys, false));
    }

    Hop target() {
        return hops.get(hops.size() - 1);
    }

    boolean hasJumps() {
        return hops.size() > 1;
    }

    /** Gives each session MINA makes through {@code client} its hop's settings. */
    void install(SshClient client) {
        client.setServerKeyVerifier((session, address, key) -> {
            Hop hop = session.getAttribute(HOP);
            return hop != null && hop.checker.verifyServerKey(session, address, key);
        });
        client.setUserInteraction(target().interaction);
        if (hops.stream().anyMatch(h -> h.credentials.agentSocket() != null)) {
            // Each hop's own agent, or none for a hop without one (IdentitiesOnly).
            client.setAgentFactory(UnixSocketAgent.factory(session -> {
                Hop hop = session.getAttribute(HOP);
                return hop == null ? null : hop.credentials.agentSocket();
            }));
        }
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                int n = made.getAndIncrement();
                if (n >= hops.size() || !(session instanceof ClientSession s)) {
                    return;
                }
                Hop hop = hops.get(n);
                s.setAttribute(HOP, hop);
                hop.session = s;
                s.setServerKeyVerifier(hop.checker);
                s.setUserInteraction(hop.interaction);
                // Read when authentication starts, after the host key was checked: as with ssh, the host question comes
                // first, and a passphrase is never typed for a host that is then refused.
                s.setKeyIdentityProvider(context -> IdentityFiles.load(hop.credentials.identityFiles(), hop.credentials.prompt()));
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                Hop hop = session.getAttribute(HOP);
                if (hop != null && event == Event.KeyEstablished) {
                    hop.keyed = true;
                } else if (hop != null && event == Event.Authenticated) {
                    hop.authenticated = true;
                }
            }
        });
        client.addChannelListener(new ChannelListener() {
            @Override
            public void channelStateChanged(Channel channel, String hint) {
                if (!(channel instanceof TcpipClientChannel forward) || !OPEN_FAILURE.equals(hint)) {
                    return;
                }
                // Found by the session itself, not its HOP attribute: MINA tells listeners of the failure only after
                // it has closed the local socket the next hop came in on, and by then that hop's close may have closed
                // this jump session too, which clears its attributes.
                Hop hop = hopOf(channel.getSession());
                if (hop != null) {
                    hop.refusedExit = forward.getTunnelExit();
                    hop.forwardRefusal = openFailure(forward);
                }
            }
        });
    }

    /** The hop whose session {@code session} is, or null; unlike its attributes, this outlives the session's close. */
    private Hop hopOf(Session session) {
        for (Hop hop : hops) {
            if (hop.session == session) {
                return hop;
            }
        }
        return null;
    }

    /**
     * The server's reason for refusing {@code channel}: MINA keeps it in the channel's protected fields and tells
     * listeners only that the open failed (its open future, which has it, is the forwarder's own).
     */
    private static SshChannelOpenException openFailure(AbstractClientChannel channel) {
        try {
            Field reason = AbstractClientChannel.class.getDeclaredField("openFailureReason");
            Field message = AbstractClientChannel.class.getDeclaredField("openFailureMsg");
            reason.setAccessible(true);
            message.setAccessible(true);
            return new SshChannelOpenException(channel.getChannelId(), reason.getInt(channel), (String) message.get(channel));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new SshChannelOpenException(channel.getChannelId(), 0, "the forward was refused");
        }
    }

    /**
     * What MINA connects to: the target, with the jump hosts in MINA's order, which is the reverse of OpenSSH's (MINA
     * takes the first of its list as the one next to the target).
     */
    HostConfigEntry entry() {
        List<String> jumps = new ArrayList<>();
        for (Hop hop : hops.subList(0, hops.size() - 1)) {
            jumps.add(0, "ssh://" + hop.endpoint.user() + "@" + hop.endpoint.hostPort());
        }
        Endpoint t = target().endpoint;
        return new HostConfigEntry("", t.host(), t.port(), t.user(), jumps.isEmpty() ? null : String.join(",", jumps));
    }

    /**
     * Closes the local listening port MINA opened on each jump host's session to reach the next hop, once the next hop
     * is logged in over it: the tunnel it accepted stays, and no other local program can connect through it to the next
     * hop for as long as this session lasts (OpenSSH's jumps use a pipe, which has no such port).
     */
    void closeListeners() throws IOException {
        for (int k = 1; k < hops.size(); k++) {
            ClientSession jump = hops.get(k - 1).session;
            ClientSession next = hops.get(k).session;
            if (jump != null && next != null && next.getConnectAddress() instanceof InetSocketAddress local) {
                jump.stopLocalPortForwarding(new SshdSocketAddress(local));
            }
        }
    }

    /** {@code e}, which ended connecting or logging in, as the failure of the hop that failed, named. */
    IOException explain(IOException e) {
        for (Hop hop : hops) {
            HostKeyException rejected = hop.checker.rejection();
            if (rejected != null) {
                return hop.jump ? new HostKeyException(hop.name() + ": " + rejected.getMessage(), rejected.isUnknownHost())
                        : rejected;
            }
        }
        int k = 0;
        while (k < hops.size() - 1 && hops.get(k).authenticated) {
            k++;
        }
        Hop hop = hops.get(k);
        Hop before = k > 0 ? hops.get(k - 1) : null;
        if (before != null && !hop.keyed) {
            // Through a jump host, a refused forward shows here first as a tunnel that closed before SSH's greeting.
            long end = System.nanoTime() + REFUSAL_WAIT.toNanos();
            while (before.forwardRefusal == null && System.nanoTime() < end) {
                LockSupport.parkNanos(10_000_000L);
            }
            if (before.forwardRefusal != null) {
                return forwardRefused(before, hop);
            }
            return new ConnectFailedException("the connection through " + before.name() + " to " + hop.name()
                    + " closed before SSH's greeting: " + rootMessage(e), e);
        }
        if (hop.session == null || !hop.keyed) {
            if (NotSshProbe.isBadIdentification(e)) {
                return new ConnectFailedException(NotSshProbe.explain(hop.endpoint), e);
            }
            return connectFailed(hop, e);
        }
        AuthenticationException keyProblem = keyFileProblem(e);
        if (keyProblem != null) {
            return keyProblem;
        }
        return new AuthenticationException("authentication as " + hop.endpoint.user() + " at " + hop.name()
                + " failed: " + SshSession.offered(hop.credentials) + " — check the user name and the credentials, or put"
                + " the public key in the server's authorized_keys"
                + (hop.jump ? " (a jump host's keys are its own Host entry's IdentityFile, the ssh-agent's or ~/.ssh's"
                        + " defaults: -i is for the target, as with ssh)" : ""));
    }

    private static ConnectFailedException forwardRefused(Hop jump, Hop next) {
        Throwable why = jump.forwardRefusal;
        String to = jump.refusedExit != null ? jump.refusedExit.getHostName() + ":" + jump.refusedExit.getPort()
                : next.endpoint.hostPort();
        if (why instanceof SshChannelOpenException open && REFUSED.contains(open.getReasonCode())) {
            return new ConnectFailedException(jump.name() + " refuses to forward connections (asked for " + to + ": "
                    + why.getMessage() + "): start its rshelld with --allow-forwarding (for OpenSSH's sshd:"
                    + " AllowTcpForwarding yes)", why);
        }
        return new ConnectFailedException(jump.name() + " cannot connect to " + to + ": " + why.getMessage(), why);
    }

    /** A key file that could not be read, which MINA reports wrapped in its own words and class names. */
    private static AuthenticationException keyFileProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException ours) {
                return new AuthenticationException(ours.getMessage());
            }
        }
        return null;
    }

    private static ConnectFailedException connectFailed(Hop hop, IOException e) {
        Throwable root = root(e);
        String why = root instanceof UnknownHostException ? "unknown host " + hop.endpoint.host() : rootMessage(e);
        String hint = root instanceof ConnectException ? " — is the SSH server running on that port?" : "";
        return new ConnectFailedException("cannot connect to " + hop.name() + ": " + why + hint, e);
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = root(e);
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
