package io.remoteshell.server.ssh;

import io.remoteshell.server.core.LoginGate;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH port's {@link LoginGate}: every connection takes an unauthenticated slot when it opens and gives it
 * back once it authenticated or closed, so idle or dripping connections cannot keep users out, and none stays
 * unauthenticated past the log-in deadline (counted from the TCP connect, not reset by traffic).
 */
final class LoginGateListener implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoginGateListener.class);
    private static final AttributeKey<LoginGate.Ticket> TICKET = new AttributeKey<>();
    private static final AttributeKey<Boolean> KEYED = new AttributeKey<>();

    private final LoginGate gate;
    private final Duration deadline;

    LoginGateListener(int total, int perSource, Duration deadline, ScheduledExecutorService timer) {
        this.gate = new LoginGate(total, perSource, deadline, timer);
        this.deadline = deadline;
    }

    @Override
    public void sessionCreated(Session session) {
        ServerSession s = (ServerSession) session;
        session.setAttribute(TICKET, gate.admit(SshLogin.address(s), reason -> drop(s, reason)));
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.KeyEstablished) {
            session.setAttribute(KEYED, Boolean.TRUE);
        } else if (event == Event.Authenticated) {
            release(session);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        release(session);
    }

    private static void release(Session session) {
        LoginGate.Ticket t = session.getAttribute(TICKET);
        if (t != null) {
            t.release();
        }
    }

    /** Tells the client why when it can (after the key exchange a DISCONNECT is readable), else just closes. */
    private void drop(ServerSession session, LoginGate.Reason reason) {
        String why = reason == LoginGate.Reason.DEADLINE
                ? "no log-in within " + deadline.toMillis() + " ms of connecting"
                : "too many unauthenticated connections; this was the oldest";
        if (reason == LoginGate.Reason.DEADLINE) {
            LOG.warn("ssh: closing the connection from {}: {}", SshLogin.peer(session), why);
        }
        if (session.getAttribute(KEYED) != null) {
            try {
                session.disconnect(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE, why);
                return;
            } catch (IOException | RuntimeException e) {
                // Closing below is what matters.
            }
        }
        session.close(true);
    }
}
