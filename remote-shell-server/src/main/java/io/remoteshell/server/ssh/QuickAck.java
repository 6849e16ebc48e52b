package io.remoteshell.server.ssh;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.AsynchronousSocketChannel;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.nio2.Nio2Session;

/**
 * Acknowledges what a client sent at once instead of after Linux's delayed-ACK timer (40 ms).
 * A client that leaves Nagle's algorithm on (paramiko as shipped) holds each small packet back
 * until its previous one is acknowledged: every exec_command then waits out the server's delayed
 * ACK. TCP_QUICKACK sends the pending ACK right away, but Linux drops back to delayed ACKs on
 * its own, so it is set again after every read. Nothing where the option is missing (not Linux).
 */
final class QuickAck {

    private static final SocketOption<Boolean> OPTION = option();

    private QuickAck() {
    }

    static void rearm(IoSession session) {
        if (OPTION != null && session instanceof Nio2Session nio) {
            AsynchronousSocketChannel socket = nio.getSocket();
            try {
                socket.setOption(OPTION, true);
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // closed meanwhile, or not a TCP socket: nothing to acknowledge
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Boolean> option() {
        try {
            Class<?> options = Class.forName("jdk.net.ExtendedSocketOptions");
            return (SocketOption<Boolean>) options.getField("TCP_QUICKACK").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
