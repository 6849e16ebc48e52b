package io.remoteshell.server.ssh;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.session.ServerSession;

/**
 * What authentication decided about a connection, kept on its MINA session: how the user got in
 * and the restrictions of the authorized_keys line that let them in ({@code command=}, {@code no-pty}).
 */
record SshLogin(String method, String forcedCommand, boolean noPty) {

    static final AttributeKey<SshLogin> KEY = new AttributeKey<>();

    static SshLogin of(Session session) {
        SshLogin login = session.getAttribute(KEY);
        return login != null ? login : new SshLogin("unknown", null, false);
    }

    /** "address:port" of the client, as the audit log and the auth log show it. */
    static String peer(ServerSession session) {
        SocketAddress a = session.getClientAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() + ":" + i.getPort() : String.valueOf(a);
    }

    /** The client's address alone: what failures are counted by. */
    static String address(ServerSession session) {
        SocketAddress a = session.getClientAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
    }
}
