package io.remoteshell.server.ssh;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * --max-connections for SSH, as the RSP/1 listener applies it: it counts authenticated connections (those still
 * logging in have the {@link LoginGateListener}'s pool of their own, so they cannot crowd users out), and one
 * beyond the limit is told why (SSH_MSG_DISCONNECT "too many connections") and closed. MINA's own
 * MAX_CONCURRENT_SESSIONS counts per user.
 */
final class ConnectionLimit implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);

    private static final AttributeKey<Boolean> COUNTED = new AttributeKey<>();
    private static final AttributeKey<Boolean> TOLD = new AttributeKey<>();

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max) {
        this.max = max;
    }

    /**
     * Told at the first key exchange when the cap is already reached (before it, a binary disconnect breaks the
     * version exchange and clients show "invalid format" instead of the reason); counted once authenticated. Two
     * logging in at once past a full cap: the later one is closed without a word, a race too rare to spend more on.
     */
    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.KeyEstablished && session.getAttribute(TOLD) == null) {
            session.setAttribute(TOLD, Boolean.TRUE);
            if (open.get() >= max) {
                refuse(session);
            }
        } else if (event == Event.Authenticated && session.getAttribute(COUNTED) == null) {
            session.setAttribute(COUNTED, Boolean.TRUE);
            if (open.incrementAndGet() > max) {
                session.close(true);
            }
        }
    }

    private void refuse(Session session) {
        LOG.warn("refusing SSH connection from {}: already {} connections", SshLogin.peer((ServerSession) session), max);
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS,
                    "the server already serves its maximum of " + max + " connections; try again later");
        } catch (IOException e) {
            session.close(true);
        }
    }

    /** Every created session ends here once; only the authenticated ones were counted. */
    @Override
    public void sessionClosed(Session session) {
        if (session.removeAttribute(COUNTED) != null) {
            open.decrementAndGet();
        }
    }
}
