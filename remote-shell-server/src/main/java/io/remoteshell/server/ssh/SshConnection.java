package io.remoteshell.server.ssh;

import java.io.IOException;
import java.net.SocketException;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MINA's server session, except for how a client that just drops its TCP connection is logged.
 * Clients often close the socket without SSH_MSG_DISCONNECT (paramiko does when a script ends), and
 * MINA reports the resulting "Connection reset" as a WARN with a stack trace. That is how such clients
 * leave, so it is DEBUG here; every other exception (protocol errors, failures in our own handlers)
 * still goes to MINA's WARN.
 */
final class SshConnection extends ServerSessionImpl {

    private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);

    SshConnection(ServerFactoryManager server, IoSession ioSession) throws Exception {
        super(server, ioSession);
    }

    @Override
    public void messageReceived(Readable buffer) throws Exception {
        QuickAck.rearm(getIoSession());
        super.messageReceived(buffer);
    }

    @Override
    public void exceptionCaught(Throwable t) {
        if (!isOpen() || !peerDropped(t)) {
            super.exceptionCaught(t);
            return;
        }
        String user = getUsername();
        LOG.debug("ssh: {} dropped the connection{}: {}", SshLogin.peer(this), user == null ? "" : " (" + user + ")", t.toString());
        signalExceptionCaught(t);
        close(true);
    }

    /** The socket failed under us because the other end is gone, as opposed to an SSH-level problem. */
    private static boolean peerDropped(Throwable t) {
        if (t instanceof SshException || !(t instanceof IOException)) {
            return false;
        }
        String message = String.valueOf(t.getMessage());
        return t instanceof SocketException || message.startsWith("Connection reset") || message.startsWith("Broken pipe");
    }
}
