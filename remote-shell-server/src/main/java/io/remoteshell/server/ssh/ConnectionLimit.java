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
 * --max-connections for SSH, as the RSP/1 listener applies it: a connection beyond the limit is told
 * why (SSH_MSG_DISCONNECT "too many connections") and closed. It is counted when it opens, but told
 * once the first key exchange is done: before that a binary disconnect breaks the version exchange and
 * clients show "invalid format" instead of the reason. MINA's own MAX_CONCURRENT_SESSIONS counts per
 * user and only after authentication.
 */
final class ConnectionLimit implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);

    private static final AttributeKey<Boolean> REFUSED = new AttributeKey<>();

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void sessionCreated(Session session) {
        if (open.incrementAndGet() > max) {
            session.setAttribute(REFUSED, Boolean.TRUE);
        }
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.KeyEstablished || session.removeAttribute(REFUSED) == null) {
            return;
        }
        LOG.warn("refusing SSH connection from {}: already {} connections", SshLogin.peer((ServerSession) session), max);
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS,
                    "the server already serves its maximum of " + max + " connections; try again later");
        } catch (IOException e) {
            session.close(true);
        }
    }

    /** Every created session ends here once, refused ones included. */
    @Override
    public void sessionClosed(Session session) {
        open.decrementAndGet();
    }
}
