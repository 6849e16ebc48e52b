package io.remoteshell.client.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The client side of ssh-agent's protocol over its Unix domain socket ({@code SSH_AUTH_SOCK}), with the JDK's own
 * Unix domain sockets: MINA's {@link AbstractAgentProxy} writes and reads the messages, this class only carries them
 * (MINA's own Unix agent client needs the Tomcat APR native library).
 */
final class UnixSocketAgent extends AbstractAgentProxy {

    /** ssh-agent's messages are small (a key list, a signature); a larger length is a broken stream. */
    private static final int MAX_MESSAGE = 256 * 1024;

    private final SocketChannel channel;

    private UnixSocketAgent(SocketChannel channel) {
        super(null);
        this.channel = channel;
    }

    static UnixSocketAgent connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot reach the ssh-agent at " + socket + " (SSH_AUTH_SOCK): " + e.getMessage(), e);
        }
        return new UnixSocketAgent(channel);
    }

    /**
     * Makes an agent client for each SSH session, at authentication time, on the socket {@code socketOf} names for that
     * session (null: no agent for it).
     */
    static SshAgentFactory factory(Function<Session, Path> socketOf) {
        return new SshAgentFactory() {
            @Override
            public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
                return List.of();
            }

            @Override
            public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
                Path socket = socketOf.apply(session);
                return socket == null ? null : connect(socket);
            }

            @Override
            public SshAgentServer createServer(ConnectionService service) {
                throw new UnsupportedOperationException("rshell does not forward its agent");
            }
        };
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer length = readFully(ByteBuffer.allocate(Integer.BYTES));
        int n = length.flip().getInt();
        if (n < 1 || n > MAX_MESSAGE) {
            throw new StreamCorruptedException("the ssh-agent sent a message of " + n + " bytes");
        }
        return new ByteArrayBuffer(readFully(ByteBuffer.allocate(n)).array());
    }

    private ByteBuffer readFully(ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new EOFException("the ssh-agent closed the connection");
            }
        }
        return into;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        super.close();
    }
}
