package io.remoteshell.server.rsp;

import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.ServerConfig;
import io.remoteshell.server.core.LoginGate;
import io.remoteshell.server.core.ServerCore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The RSP/1 front end: accepts connections and gives each its own reader thread, up to the connection limit. */
public final class RspListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RspListener.class);
    private static final long JOIN_MILLIS = 5_000;
    private static final int REFUSAL_MILLIS = 2_000;

    private final ServerSocket serverSocket;
    private final ServerCore core;
    private final ServerConfig config;
    private final String serverName;
    private final RspTransport transport;
    private final LoginGate gate;
    /** Authenticated connections: the --max-connections cap counts these, not connections still logging in. */
    private final AtomicInteger sessions = new AtomicInteger();
    private final Map<RspConnection, Thread> connections = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean stopping;

    private RspListener(ServerSocket serverSocket, ServerCore core, ServerConfig config, String serverName,
                        RspTransport transport) {
        this.serverSocket = serverSocket;
        this.transport = transport;
        // A backstop a little after the connection's own deadline (which answers with a reason), also for a TLS
        // handshake that trickles in.
        this.gate = new LoginGate(config.limits().maxStartups(), config.limits().maxStartupsPerSource(),
                config.authTimeout().plusSeconds(2), transport.name());
        this.core = core;
        this.config = config;
        this.serverName = serverName;
        this.acceptor = new Thread(this::acceptLoop, transport.name() + "-accept-" + serverSocket.getLocalPort());
    }

    /** Binds {@code config.bindAddress():config.rspPort()} (port 0: any free port) and starts accepting. */
    public static RspListener start(ServerCore core, ServerConfig config, String serverName) throws IOException {
        return start(core, config, serverName, RspTransport.plain(config.rspPort()));
    }

    /** Binds {@code config.bindAddress():transport.port()} and serves RSP/1 over {@code transport}. */
    public static RspListener start(ServerCore core, ServerConfig config, String serverName, RspTransport transport)
            throws IOException {
        ServerSocket socket = transport.sockets().create();
        try {
            // Set before bind, or a restart right after a stop fails while old connections sit in TIME_WAIT.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), transport.port()), 128);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + transport.port() + ": " + e.getMessage(), e);
        }
        RspListener listener = new RspListener(socket, core, config, serverName, transport);
        listener.acceptor.start();
        return listener;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public String address() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!stopping) {
                    LOG.error("accepting " + transport.name() + " connections failed: {}", e.toString());
                }
                return;
            }
            try {
                accept(socket);
            } catch (IOException | RuntimeException e) {
                LOG.warn("dropping connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
                closeQuietly(socket);
            }
        }
    }

    private void accept(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        // Bounds the TLS handshake too, which runs in the connection's thread with its first write.
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.authTimeout().toMillis()));
        if (sessions.get() >= config.maxConnections()) {
            // Over TLS this write runs the handshake in the accepting thread: a peer that stalls it gets little time.
            socket.setSoTimeout(REFUSAL_MILLIS);
            LOG.warn("refusing connection from {}: already {} connections", socket.getRemoteSocketAddress(), config.maxConnections());
            new FrameWriter(socket.getOutputStream()).writeJson(FrameType.ERROR, 0, new Messages.Error(
                    ErrorCode.TOO_MANY_CONNECTIONS.name(), "the server already serves its maximum of "
                    + config.maxConnections() + " connections; try again later"));
            closeQuietly(socket);
            return;
        }
        RspConnection connection = new RspConnection(socket, core, config, serverName, transport);
        connection.admitted(gate.admit(socket.getInetAddress().getHostAddress(), connection::dropUnauthenticated), sessions);
        Thread thread = new Thread(() -> {
            try {
                connection.run();
            } finally {
                connections.remove(connection);
            }
        }, transport.name() + "-conn-" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
        thread.setDaemon(true);
        connections.put(connection, thread);
        thread.start();
    }

    /** Stops accepting; connections already open go on. */
    public void stopAccepting() {
        stopping = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("closing the listening socket: {}", e.toString());
        }
    }

    /** Stops accepting, closes every connection and waits for their threads to finish their clean-up. */
    @Override
    public void close() {
        stopAccepting();
        gate.close();
        List<Map.Entry<RspConnection, Thread>> all = List.copyOf(connections.entrySet());
        all.forEach(e -> e.getKey().close());
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Map.Entry<RspConnection, Thread> e : all) {
            try {
                e.getValue().join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            acceptor.join(JOIN_MILLIS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to do for a connection we are dropping.
        }
    }
}
