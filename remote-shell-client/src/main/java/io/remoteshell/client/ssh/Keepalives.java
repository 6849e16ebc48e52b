package io.remoteshell.client.ssh;

import io.remoteshell.client.SshOptions;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * OpenSSH's ServerAliveInterval and ServerAliveCountMax on MINA's heartbeat: a keepalive request wanting a reply every
 * interval, and the connection closed once that many in a row went unanswered, which the session's commands then
 * report as "server not responding" rather than as a connection that merely closed.
 */
final class Keepalives {

    /** rshell's default: keeps an idle REPL's connection open through NATs, and notices a dead server. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    static final int DEFAULT_COUNT = 4;
    static final String REQUEST = "keepalive@openssh.com";

    private static final AttributeKey<String> LOST = new AttributeKey<>();

    private Keepalives() {
    }

    static void install(SshClient client, SshOptions options) {
        boolean set = !options.serverAliveInterval().isZero();
        int count = set ? options.serverAliveCountMax() : DEFAULT_COUNT;
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, set ? options.serverAliveInterval() : DEFAULT_INTERVAL);
        CoreModuleProperties.HEARTBEAT_REQUEST.set(client, REQUEST);
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, count);
        // A person may think for hours between commands; the keepalives, not an idle timer, decide that the server is gone.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionException(Session session, Throwable t) {
                // MINA's words when the count is exceeded: "Got N heartbeat requests without reply".
                if (t instanceof SshException && String.valueOf(t.getMessage()).contains("heartbeat requests without reply")) {
                    // On the client, so that the target's commands see it when a jump host's connection was the one lost.
                    client.setAttribute(LOST, "server not responding: no reply to " + count + " keepalives (ServerAliveInterval "
                            + CoreModuleProperties.HEARTBEAT_INTERVAL.getRequired(client).toSeconds()
                            + ", ServerAliveCountMax " + count + ")");
                }
            }
        });
    }

    /** Why the connection of {@code session} was dropped by the keepalives, or null when it was not. */
    static String lostReason(ClientSession session) {
        return session.getFactoryManager().getAttribute(LOST);
    }
}
