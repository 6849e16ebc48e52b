package io.remoteshell.server.ssh;

import java.io.IOException;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSSH's MaxSessions: at most {@code max} session channels open at once on one connection (the same
 * setting as RSP/1's open requests per connection). One more is refused with a channel open failure that
 * says why, and the connection and its other channels go on. MINA has no such limit of its own (its
 * channel cap counts every channel type and answers with an exception, not a reason).
 */
final class SessionCap extends ServerConnectionServiceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCap.class);

    private final int max;

    SessionCap(int max) {
        this.max = max;
    }

    @Override
    public Service create(Session session) throws IOException {
        ServerConnectionService service = new CappedConnection((AbstractServerSession) session);
        service.addPortForwardingEventListenerManager(this);
        return service;
    }

    private final class CappedConnection extends ServerConnectionService {

        CappedConnection(AbstractServerSession session) throws IOException {
            super(session);
        }

        /** Runs on the connection's reader, one message at a time, so the count cannot change under it. */
        @Override
        protected void channelOpen(Buffer buffer) throws Exception {
            int start = buffer.rpos();
            String type = buffer.getString();
            long sender = buffer.getUInt();
            buffer.rpos(start);
            if ("session".equals(type) && openSessions() >= max) {
                LOG.info("refused a session to {} from {}: already {} on that connection", getSession().getUsername(),
                        SshLogin.peer(getServerSession()), max);
                sendChannelOpenFailure(buffer, sender, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED,
                        "this connection already has its maximum of " + max + " sessions open (MaxSessions);"
                                + " close one or open another connection", "");
                return;
            }
            super.channelOpen(buffer);
        }

        /** Channels on their way out (closing after their exit status, or closed by the client) no longer count. */
        private long openSessions() {
            return getChannels().stream().filter(c -> c instanceof SessionChannel && !c.isClosing()).count();
        }
    }
}
