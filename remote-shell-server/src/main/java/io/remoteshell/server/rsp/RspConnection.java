package io.remoteshell.server.rsp;

import io.remoteshell.protocol.AuthMac;
import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameException;
import io.remoteshell.protocol.FrameReader;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.ServerConfig;
import io.remoteshell.server.core.LoginGate;
import io.remoteshell.server.core.PartFiles;
import io.remoteshell.server.core.ServerCore;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served by one reader thread: HELLO, authentication, then requests
 * demultiplexed by id. Whatever a client sends, the worst outcome is an ERROR and the end of
 * this connection; when it ends for any reason every request still open on it is aborted
 * (process groups KILLed, partial uploads deleted).
 */
final class RspConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RspConnection.class);
    private static final int DRAIN_MILLIS = 1000;
    static final int MAX_PINGS_BEFORE_AUTH = 8;
    private static final long DRAIN_LIMIT = 4L << 20;
    /** The payload of the PING that asks a client held back by TCP whether it is still there. */
    private static final byte[] PROBE = "rshelld: still there?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Compared against when the user is unknown, so unknown users cost the same work as wrong tokens. */
    private static final byte[] NO_SUCH_USER_KEY = AuthMac.tokenKey("0".repeat(64));

    private final Socket socket;
    private final ServerCore core;
    private final ServerConfig config;
    private final String serverName;
    private final RspTransport transport;
    private final String peer;
    private final String peerAddress;
    private final FrameWriter writer;
    private final Map<Integer, RspRequest> requests = new ConcurrentHashMap<>();
    private final RecentIds recentlyClosed = new RecentIds();
    private volatile String user;
    private volatile InputBudget budget;
    private volatile LoginGate.Ticket ticket;
    private AtomicInteger sessions;

    RspConnection(Socket socket, ServerCore core, ServerConfig config, String serverName, RspTransport transport)
            throws IOException {
        this.socket = socket;
        this.transport = transport;
        this.core = core;
        this.config = config;
        this.serverName = serverName;
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.peerAddress = remote.getAddress().getHostAddress();
        this.peer = peerAddress + ":" + remote.getPort();
        // Plain TCP sockets come from a channel (RspTransport.plain): output chunks go to it without a copy.
        this.writer = new FrameWriter(socket.getOutputStream(), socket.getChannel());
    }

    /** Closing the connection as a whole, after an ERROR for id 0 or a broken stream. */
    private static final class CloseConnection extends Exception {
        CloseConnection() {
            super(null, null, false, false);
        }
    }

    @Override
    public void run() {
        try {
            LoginDeadlineInput input = new LoginDeadlineInput(socket, System.nanoTime() + config.authTimeout().toNanos());
            FrameReader reader = new FrameReader(input);
            byte[] nonce = AuthMac.newNonce();
            writer.writeJson(FrameType.HELLO, 0, new Messages.Hello(Messages.Hello.PROTOCOL, serverName, List.of("token"),
                    Base64.getEncoder().encodeToString(nonce), transport.binding() == null ? null : AuthMac.TLS_SERVER_END_POINT,
                    List.of(Messages.FEATURE_WINDOW), initialWindow()));
            if (authenticate(reader, nonce)) {
                input.lift();
                serve(reader);
            }
        } catch (CloseConnection e) {
            // The reason was sent as an ERROR for id 0; let it reach the client before the socket goes.
            drainBeforeClose();
        } catch (EOFException e) {
            LOG.debug("{} closed the connection in the middle of a frame", peer);
        } catch (IOException e) {
            LOG.debug("connection from {} ended: {}", peer, e.toString());
        } catch (RuntimeException e) {
            LOG.error("connection from {} failed: {}", peer, e.toString());
            LOG.debug("connection failure", e);
            sendError(0, ErrorCode.INTERNAL, "the server failed serving this connection: " + e);
        } finally {
            LoginGate.Ticket t = ticket;
            if (t != null) {
                t.release();
            }
            if (user != null) {
                sessions.decrementAndGet();
            }
            InputBudget b = budget;
            if (b != null) {
                b.close();
            }
            List<RspRequest> open = List.copyOf(requests.values());
            open.forEach(RspRequest::disconnected);
            close();
            awaitQuiet(open);
        }
    }

    private static void awaitQuiet(List<RspRequest> requests) {
        try {
            for (RspRequest r : requests) {
                r.awaitQuiet(DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Before AUTH_OK only AUTH and PING; true once the user is in. */
    private boolean authenticate(FrameReader reader, byte[] nonce) throws IOException, CloseConnection {
        reader.maxPayload(Limits.MAX_AUTH_PAYLOAD);
        int pings = 0;
        while (true) {
            Frame frame;
            try {
                frame = reader.read();
            } catch (SocketTimeoutException e) {
                LOG.warn("no authentication from {} within {} ms", peer, config.authTimeout().toMillis());
                throw closeWith(ErrorCode.INTERNAL, "no AUTH within " + config.authTimeout().toMillis()
                        + " ms of HELLO; authenticate right after connecting");
            } catch (FrameException e) {
                if (e.code() == ErrorCode.FRAME_TOO_LARGE) {
                    throw closeWith(e.code(), e.getMessage());
                }
                throw closeWith(ErrorCode.AUTH_REQUIRED, e.getMessage() + "; only AUTH and PING are allowed before AUTH_OK");
            }
            if (frame == null) {
                return false;
            }
            switch (frame.type()) {
                case PING -> {
                    // A few to check liveness; more is someone filling our send buffer with PONGs it never reads.
                    if (++pings > MAX_PINGS_BEFORE_AUTH) {
                        throw closeWith(ErrorCode.AUTH_REQUIRED, "more than " + MAX_PINGS_BEFORE_AUTH
                                + " PINGs before AUTH; authenticate right after HELLO");
                    }
                    pong(frame);
                }
                case AUTH -> {
                    Messages.Auth auth;
                    try {
                        auth = frame.as(Messages.Auth.class);
                    } catch (FrameException e) {
                        throw closeWith(ErrorCode.BAD_FRAME, e.getMessage() + "; AUTH is {\"user\":\"NAME\",\"mac\":\"BASE64\"}");
                    }
                    checkAuth(auth, nonce);
                    reader.maxPayload(Limits.MAX_PAYLOAD);
                    return true;
                }
                default -> throw closeWith(ErrorCode.AUTH_REQUIRED,
                        frame.type() + " before authentication: send AUTH first (only AUTH and PING are allowed before AUTH_OK)");
            }
        }
    }

    /**
     * A correct token gets in whatever the throttle says (a 256-bit token cannot be guessed, and someone else's
     * wrong guesses from this address must not lock its users out); a wrong one is delayed, and refused as
     * RATE_LIMITED once this address is over the limit.
     */
    private void checkAuth(Messages.Auth auth, byte[] nonce) throws IOException, CloseConnection {
        Optional<String> token = core.users().token(auth.user());
        boolean macOk = AuthMac.verify(token.map(AuthMac::tokenKey).orElse(NO_SUCH_USER_KEY), nonce, transport.binding(),
                auth.mac());
        if (token.isPresent() && macOk) {
            core.throttle().succeeded(peerAddress);
            if (!ticket.isOpen()) {
                throw new CloseConnection(); // dropped by the gate a moment ago; the socket is already closed
            }
            ticket.release();
            if (sessions.incrementAndGet() > config.maxConnections()) {
                sessions.decrementAndGet();
                LOG.warn("refusing {} from {}: already {} connections", auth.user(), peer, config.maxConnections());
                throw closeWith(ErrorCode.TOO_MANY_CONNECTIONS, "the server already serves its maximum of "
                        + config.maxConnections() + " connections; try again later");
            }
            budget = new InputBudget(auth.wants(Messages.FEATURE_WINDOW), config.limits().maxPendingInput(),
                    config.limits().maxPendingInputPerConnection(), config.maxSessions());
            user = auth.user(); // from here on counted in sessions
            writer.writeJson(FrameType.AUTH_OK, 0, new Messages.AuthOk(user));
            LOG.debug("{} authenticated as {}", peer, user);
            return;
        }
        Duration wait = core.throttle().retryAfter(peerAddress);
        Duration delay = core.throttle().failed(peerAddress);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!wait.isZero()) {
            LOG.warn("refused authentication as \"{}\" from {}: too many failures", auth.user(), peer);
            throw closeWith(ErrorCode.RATE_LIMITED, "too many failed authentications from " + peerAddress
                    + "; try again in " + Math.max(1, (wait.toMillis() + 999) / 1000) + " s");
        }
        LOG.warn("failed authentication as \"{}\" from {}", auth.user(), peer);
        throw closeWith(ErrorCode.AUTH_FAILED, "authentication failed: unknown user or wrong token for \""
                + auth.user() + "\"; check the user name and the token file (an admin adds users with: rshelld user add NAME)");
    }

    private void serve(FrameReader reader) throws IOException, CloseConnection {
        while (true) {
            Frame frame;
            try {
                frame = reader.read();
            } catch (FrameException e) {
                if (e.fatal()) {
                    throw closeWith(e.code(), e.getMessage());
                }
                badFrame(e.id(), e.getMessage());
                continue;
            }
            if (frame == null) {
                return;
            }
            try {
                dispatch(frame);
            } catch (FrameException e) {
                badFrame(e.id(), e.getMessage());
            } catch (RuntimeException e) {
                // A bug met by one request must not end the others: that request gets INTERNAL, the log one line.
                LOG.error("request {} from {} failed: {}", frame.idString(), peer, e.toString());
                LOG.debug("request failure", e);
                failRequest(frame.id(), ErrorCode.INTERNAL, "the server failed serving this request; its log has the details");
            }
        }
    }

    private void dispatch(Frame frame) throws IOException, FrameException, CloseConnection {
        int id = frame.id();
        switch (frame.type()) {
            case PING -> pong(frame);
            case PONG -> {
                // The answer to a probe sent while this client's input was held back: it is still there.
            }
            case EXEC, PUT, GET -> {
                if (id == 0) {
                    throw new FrameException(ErrorCode.BAD_FRAME, 0, true, frame.type() + " needs a non-zero request id");
                }
                if (requests.containsKey(id)) {
                    // The open request with this id is the client's; this duplicate must not disturb it.
                    sendError(id, ErrorCode.BAD_FRAME, "request id " + Integer.toUnsignedString(id)
                            + " is already open; use an id that is not in use");
                    return;
                }
                if (requests.size() >= config.maxSessions()) {
                    sendError(id, ErrorCode.TOO_MANY_REQUESTS, "this connection already has "
                            + config.maxSessions() + " open requests; wait for one to end or open another connection");
                    return;
                }
                recentlyClosed.remove(id);
                switch (frame.type()) {
                    case EXEC -> ExecRequest.open(id, this, frame.as(Messages.Exec.class));
                    case PUT -> PutRequest.open(id, this, frame.as(Messages.Put.class));
                    default -> GetRequest.open(id, this, frame.as(Messages.Get.class));
                }
            }
            case STDIN, STDIN_EOF, SIGNAL, DATA, END -> {
                RspRequest request = requests.get(id);
                if (request != null) {
                    try {
                        request.onFrame(frame);
                    } catch (FrameException e) {
                        request.fail(e.code(), e.getMessage());
                    }
                } else if (id == 0 || !recentlyClosed.contains(id)) {
                    throw new FrameException(ErrorCode.BAD_FRAME, id, id == 0,
                            frame.type() + " for id " + frame.idString() + ", which is not an open request");
                }
                // else: it crossed our EXIT or ERROR on the wire; dropped.
            }
            default -> throw new FrameException(ErrorCode.BAD_FRAME, id, id == 0,
                    frame.type() + " is not a frame a client sends" + (frame.type() == FrameType.AUTH ? " after AUTH_OK" : ""));
        }
    }

    /** BAD_FRAME for an id: ends that request if it is open; for id 0 ends the connection. */
    private void badFrame(int id, String message) throws CloseConnection {
        if (id == 0) {
            throw closeWith(ErrorCode.BAD_FRAME, message);
        }
        RspRequest request = requests.get(id);
        if (request != null) {
            request.fail(ErrorCode.BAD_FRAME, message);
        } else {
            sendError(id, ErrorCode.BAD_FRAME, message);
        }
    }

    private void failRequest(int id, ErrorCode code, String message) throws CloseConnection {
        RspRequest request = requests.get(id);
        if (id == 0) {
            throw closeWith(code, message);
        } else if (request != null) {
            request.fail(code, message);
        } else {
            sendError(id, code, message);
        }
    }

    private void pong(Frame ping) throws CloseConnection, IOException {
        if (ping.payload().length > Limits.MAX_PING) {
            String message = "PING payload of " + ping.payload().length + " bytes is over the limit of " + Limits.MAX_PING;
            if (ping.id() == 0) {
                throw closeWith(ErrorCode.BAD_FRAME, message);
            }
            // A PING belongs to no request: a request that happens to share its id goes on.
            sendError(ping.id(), ErrorCode.BAD_FRAME, message);
            return;
        }
        writer.write(FrameType.PONG, ping.id(), ping.payload(), 0, ping.payload().length);
    }

    private CloseConnection closeWith(ErrorCode code, String message) {
        sendError(0, code, message);
        return new CloseConnection();
    }

    private void sendError(int id, ErrorCode code, String message) {
        try {
            writer.writeJson(FrameType.ERROR, id, new Messages.Error(code.name(), message));
        } catch (IOException e) {
            LOG.debug("cannot send {} to {}: {}", code, peer, e.toString());
        }
    }

    /** Gives the connection its unauthenticated slot and the count of authenticated ones it joins at AUTH_OK. */
    void admitted(LoginGate.Ticket ticket, AtomicInteger sessions) {
        this.ticket = ticket;
        this.sessions = sessions;
    }

    /** The gate needs this slot (or the log-in took too long): close now; no message, a write could block. */
    void dropUnauthenticated(LoginGate.Reason reason) {
        if (reason == LoginGate.Reason.DEADLINE) {
            LOG.warn("no authentication from {} within {} ms", peer, config.authTimeout().toMillis());
        } else {
            LOG.debug("dropping the unauthenticated connection from {} to make room for a newer one", peer);
        }
        close();
    }

    private long initialWindow() {
        return InputBudget.initialWindow(config.limits().maxPendingInput(), config.limits().maxPendingInputPerConnection(),
                config.maxSessions());
    }

    InputBudget budget() {
        return budget;
    }

    /** Asks a client held back by TCP whether it is still there; a peer that went away answers with a reset. */
    void probe() throws IOException {
        writer.write(FrameType.PING, 0, PROBE, 0, PROBE.length);
    }

    /** Sends WINDOW frames, each through its request so none follows the request's last frame. */
    void grant(List<InputBudget.Grant> grants) {
        for (InputBudget.Grant g : grants) {
            RspRequest r = requests.get(g.account().id());
            if (r != null) {
                r.window(g.bytes());
            }
        }
    }

    void register(int id, RspRequest request) {
        requests.put(id, request);
    }

    /** A request ended: its id is free again, and late frames for it are dropped for a while. */
    void closed(int id, RspRequest request) {
        recentlyClosed.add(id);
        requests.remove(id, request);
    }

    /**
     * Closing a socket with unread input makes the kernel send RST, which can destroy our ERROR frame
     * before the client read it. So: send FIN, read and discard what the client still sends, briefly.
     */
    private void drainBeforeClose() {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(DRAIN_MILLIS);
            var in = socket.getInputStream();
            byte[] sink = new byte[8192];
            long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
            long total = 0;
            int n;
            while (total < DRAIN_LIMIT && System.nanoTime() < deadline && (n = in.read(sink)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            // Timed out or reset: either way we are done with this socket.
        }
    }

    /** Ends the connection; the reader thread then aborts whatever is still open. */
    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }

    PartFiles parts() {
        return core.parts();
    }

    FrameWriter writer() {
        return writer;
    }

    ServerCore core() {
        return core;
    }

    String peer() {
        return peer;
    }

    /** "rsp" or "rsps", as the audit log names the front end. */
    String frontEnd() {
        return transport.name();
    }

    String user() {
        return user;
    }
}
