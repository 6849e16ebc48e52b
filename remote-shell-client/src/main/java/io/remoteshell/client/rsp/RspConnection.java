package io.remoteshell.client.rsp;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.ConnectFailedException;
import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.ProtocolViolationException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteShellException;
import io.remoteshell.protocol.AuthMac;
import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameException;
import io.remoteshell.protocol.FrameReader;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Json;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated RSP/1 connection: a reader thread that hands each frame to the open request
 * with its id, and a frame writer shared by every thread (one write per frame, TCP_NODELAY).
 */
final class RspConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RspConnection.class);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(30);
    /** Bytes read from the socket per read call at most (the JDK hands out at most 128 KiB a call). */
    private static final int READ_BUFFER = 512 << 10;

    private final Endpoint endpoint;
    private final Socket socket;
    private final FrameReader reader;
    /** The socket's input, so that the first bytes can be looked at before they are read as a frame. */
    private final PushbackInputStream input;
    /** How an SSH server's first line starts (RFC 4253 4.2): what an RSP/1 client meets on an SSH port. */
    private static final byte[] SSH_BANNER = "SSH-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final FrameWriter writer;
    private final Map<Integer, RspRequest> open = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> pings = new ConcurrentHashMap<>();
    private int lastId;
    /** The window each request starts with, when the server offers flow control; 0 when it does not. */
    private long initialWindow;
    private IOException closedBecause;

    private RspConnection(Endpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.input = new PushbackInputStream(socket.getInputStream(), SSH_BANNER.length);
        // Output and file bytes come in bulk: one read(2) brings in several frames, and their payloads are handed on
        // from where it put them.
        this.reader = new FrameReader(input, Limits.MAX_PAYLOAD, READ_BUFFER);
        // FrameWriter hands each frame to the socket in one write (a buffer in between would only copy it again).
        this.writer = new FrameWriter(socket.getOutputStream());
    }

    /** Connects, checks HELLO, authenticates and starts the reader thread. */
    static RspConnection open(Endpoint endpoint, String token, Duration timeout) throws IOException {
        return open(endpoint, token, timeout, Transport.PLAIN);
    }

    /** As {@link #open(Endpoint, String, Duration)}, speaking RSP/1 over what {@code transport} makes of the socket. */
    static RspConnection open(Endpoint endpoint, String token, Duration timeout, Transport transport) throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.setTcpNoDelay(true);
            tcp.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
        } catch (IOException e) {
            closeQuietly(tcp);
            throw connectFailed(endpoint, e);
        }
        Transport.Secured secured;
        try {
            tcp.setSoTimeout((int) timeout.toMillis());
            secured = transport.secure(tcp, endpoint, timeout);
        } catch (SocketTimeoutException e) {
            closeQuietly(tcp);
            throw new ConnectFailedException("no TLS answer from " + endpoint.hostPort() + " within " + timeout.toSeconds()
                    + " s — is it an rshelld rsps port?", e);
        } catch (IOException e) {
            closeQuietly(tcp);
            throw e;
        }
        Socket socket = secured.socket();
        RspConnection connection = new RspConnection(endpoint, socket);
        try {
            connection.authenticate(token, secured.binding());
            socket.setSoTimeout(0);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ConnectFailedException("no answer from " + endpoint.hostPort() + " within " + timeout.toSeconds()
                    + " s while authenticating — is it an rshelld RSP/1 port? (an rsps port, 9901 by default, wants rsps://)", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
        Thread thread = new Thread(connection::readLoop, "rshell-reader " + endpoint.hostPort());
        thread.setDaemon(true);
        thread.start();
        return connection;
    }

    private static ConnectFailedException connectFailed(Endpoint endpoint, IOException e) {
        String why;
        if (e instanceof UnknownHostException) {
            why = "unknown host " + endpoint.host();
        } else if (e instanceof SocketTimeoutException) {
            why = "timed out";
        } else {
            why = e.getMessage();
        }
        String hint = e instanceof ConnectException ? " — is rshelld running?" : "";
        return new ConnectFailedException("cannot connect to " + endpoint.hostPort() + ": " + why + hint, e);
    }

    private void authenticate(String token, byte[] binding) throws IOException {
        refuseSshBanner();
        Frame hello = handshakeFrame("HELLO");
        if (hello.type() != FrameType.HELLO) {
            throw new ProtocolViolationException("expected HELLO from " + endpoint.hostPort() + ", got " + hello.type()
                    + " — is it an rshelld RSP/1 port?");
        }
        Messages.Hello h = decode(hello, Messages.Hello.class);
        if (!Messages.Hello.PROTOCOL.equals(h.protocol())) {
            throw new ProtocolViolationException(endpoint.hostPort() + " speaks " + h.protocol() + "; this client speaks "
                    + Messages.Hello.PROTOCOL);
        }
        if (h.auth() == null || !h.auth().contains("token")) {
            throw new AuthenticationException(endpoint.hostPort() + " offers no token authentication (it offers "
                    + h.auth() + ")");
        }
        byte[] nonce;
        try {
            nonce = Base64.getDecoder().decode(h.nonce() == null ? "" : h.nonce());
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolationException("HELLO from " + endpoint.hostPort() + " has a nonce that is not base64", e);
        }
        if (nonce.length == 0) {
            throw new ProtocolViolationException("HELLO from " + endpoint.hostPort() + " has no nonce");
        }
        if (binding != null && !AuthMac.TLS_SERVER_END_POINT.equals(h.binding())) {
            // Without it the server would not check our binding, so a relay could pass our answer on: refuse.
            throw new ProtocolViolationException("HELLO from " + endpoint.hostPort() + " over TLS does not announce the "
                    + AuthMac.TLS_SERVER_END_POINT + " channel binding — is it an rshelld rsps port?");
        }
        // Opt in to flow control when offered: then a request whose input is not read never blocks the others.
        boolean window = h.offers(Messages.FEATURE_WINDOW);
        writer.writeJson(FrameType.AUTH, 0, new Messages.Auth(endpoint.user(),
                AuthMac.compute(AuthMac.tokenKey(token), nonce, binding), window ? List.of(Messages.FEATURE_WINDOW) : null));
        initialWindow = window ? h.window() : 0;
        while (true) {
            Frame answer = handshakeFrame("AUTH_OK");
            switch (answer.type()) {
                case AUTH_OK -> {
                    return;
                }
                case PING -> writer.write(new Frame(FrameType.PONG, 0, answer.payload()));
                default -> throw new ProtocolViolationException("expected AUTH_OK from " + endpoint.hostPort()
                        + ", got " + answer.type());
            }
        }
    }

    /** An SSH server greets first, as an RSP/1 server does: its banner names the mistake better than a bad frame. */
    private void refuseSshBanner() throws IOException {
        byte[] first = input.readNBytes(SSH_BANNER.length);
        input.unread(first);
        if (java.util.Arrays.equals(first, SSH_BANNER)) {
            throw new ProtocolViolationException(endpoint.hostPort() + " is an SSH port, not RSP/1: use ssh://"
                    + endpoint.user() + "@" + endpoint.hostPort());
        }
    }

    /** The next handshake frame; an ERROR becomes the matching exception. */
    private Frame handshakeFrame(String expected) throws IOException {
        Frame frame;
        try {
            frame = reader.read();
        } catch (FrameException e) {
            throw new ProtocolViolationException("bad frame from " + endpoint.hostPort() + " while waiting for "
                    + expected + ": " + e.getMessage() + " — is it an rshelld RSP/1 port?", e);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new ConnectFailedException(endpoint.hostPort() + " closed the connection before " + expected
                    + ": " + e.getMessage(), e);
        }
        if (frame == null) {
            throw new ConnectFailedException(endpoint.hostPort() + " closed the connection before " + expected, null);
        }
        if (frame.type() == FrameType.ERROR) {
            Messages.Error error = decode(frame, Messages.Error.class);
            ErrorCode code = ErrorCode.parse(error.code());
            if (code == ErrorCode.AUTH_FAILED || code == ErrorCode.RATE_LIMITED) {
                // The server's own text is "authentication failed" again; a rate limit says how long to wait.
                String why = code == ErrorCode.RATE_LIMITED ? error.message() : "the server refused the user or the token";
                throw new AuthenticationException("authentication as " + endpoint.user() + " at " + endpoint.hostPort()
                        + " failed: " + why + " — check the user name and the token");
            }
            if (code == ErrorCode.TOO_MANY_CONNECTIONS || code == ErrorCode.SHUTTING_DOWN) {
                throw new ConnectFailedException(endpoint.hostPort() + " refused the connection: " + error.code() + ": "
                        + error.message(), null);
            }
            throw new RemoteErrorException(error.code(), error.message());
        }
        return frame;
    }

    private <T> T decode(Frame frame, Class<T> kind) throws ProtocolViolationException {
        try {
            return frame.as(kind);
        } catch (FrameException e) {
            throw new ProtocolViolationException(endpoint.hostPort() + " sent " + e.getMessage(), e);
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** A fresh send window for a request's STDIN or DATA: the server's, or none when it offers no flow control. */
    SendWindow newWindow() {
        return initialWindow > 0 ? SendWindow.of(initialWindow) : SendWindow.unlimited();
    }

    /** Sends {@code len} bytes as frames of {@code type}, each within {@code window}. */
    void sendData(FrameType type, int id, SendWindow window, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = window.take(len);
            send(type, id, b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Opens a request under a fresh non-zero id; its frames go to {@code request} from now on. */
    synchronized int register(RspRequest request) throws IOException {
        if (closedBecause != null) {
            throw reuse(closedBecause);
        }
        int id;
        do {
            id = ++lastId;
        } while (id == 0 || open.containsKey(id));
        open.put(id, request);
        return id;
    }

    synchronized void unregister(int id) {
        open.remove(id);
    }

    void send(FrameType type, int id, byte[] payload, int off, int len) throws IOException {
        try {
            writer.write(type, id, payload, off, len);
        } catch (IOException e) {
            ConnectionLostException lost = lost("cannot send to", e);
            shutdown(lost);
            throw reuse(closedBecause());
        }
    }

    /** As {@link #send}, for a payload the caller put behind {@link Limits#HEADER_SIZE} bytes of room in {@code frame}. */
    void sendReserved(FrameType type, int id, byte[] frame, int len) throws IOException {
        try {
            writer.writeReserved(type, id, frame, len);
        } catch (IOException e) {
            ConnectionLostException lost = lost("cannot send to", e);
            shutdown(lost);
            throw reuse(closedBecause());
        }
    }

    void sendJson(FrameType type, int id, Object message) throws IOException {
        byte[] payload = Json.encode(message);
        send(type, id, payload, 0, payload.length);
    }

    private synchronized IOException closedBecause() {
        return closedBecause;
    }

    /** A fresh exception for a caller that arrives after the connection ended, keeping the original message. */
    private static IOException reuse(IOException closed) {
        if (closed instanceof ProtocolViolationException) {
            return new ProtocolViolationException(closed.getMessage(), closed);
        }
        return new ConnectionLostException(closed.getMessage(), closed);
    }

    Duration ping() throws IOException {
        byte[] payload = new byte[8];
        ThreadLocalRandom.current().nextBytes(payload);
        String key = HexFormat.of().formatHex(payload);
        CompletableFuture<Void> pong = new CompletableFuture<>();
        pings.put(key, pong);
        long start = System.nanoTime();
        try {
            IOException closed = closedBecause();
            if (closed != null) {
                throw reuse(closed);
            }
            send(FrameType.PING, 0, payload, 0, payload.length);
            pong.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for PONG");
        } catch (TimeoutException e) {
            throw new RemoteShellException("no PONG from " + endpoint.hostPort() + " within " + PING_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw reuse((IOException) e.getCause());
        } finally {
            pings.remove(key);
        }
    }

    private void readLoop() {
        FrameReader.Handler handler = new FrameReader.Handler() {
            @Override
            public void frame(Frame frame) throws IOException {
                dispatch(frame);
            }

            @Override
            public void data(FrameType type, int id, byte[] buf, int off, int len) throws IOException {
                // Output and file bytes are passed on at once: read into the reader's one buffer, not an array a frame.
                dispatchData(type, id, buf, off, len);
            }
        };
        try {
            while (true) {
                if (!reader.read(handler)) {
                    shutdown(new ConnectionLostException(endpoint.hostPort() + " closed the connection"));
                    return;
                }
            }
        } catch (FrameException e) {
            shutdown(new ProtocolViolationException("bad frame from " + endpoint.hostPort() + ": " + e.getMessage(), e));
        } catch (IOException e) {
            shutdown(lost("lost the connection to", e));
        } catch (RuntimeException | Error e) {
            shutdown(new ConnectionLostException("the connection to " + endpoint.hostPort() + " failed: " + e, e));
            throw e;
        }
    }

    private ConnectionLostException lost(String what, IOException e) {
        IOException closed = closedBecause();
        if (closed != null) {
            return new ConnectionLostException(closed.getMessage(), closed);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ConnectionLostException(what + " " + endpoint.hostPort() + ": " + why, e);
    }

    private void dispatch(Frame frame) throws IOException {
        if (frame.id() == 0) {
            dispatchConnectionFrame(frame);
            return;
        }
        RspRequest request = openRequest(frame.type(), frame.id());
        if (request != null) {
            boolean done;
            try {
                done = request.onFrame(frame);
            } catch (IOException e) {
                failed(frame.id(), request, e);
                return;
            }
            if (done) {
                unregister(frame.id());
            }
        }
    }

    private void dispatchData(FrameType type, int id, byte[] buf, int off, int len) throws IOException {
        if (id == 0) {
            dispatchConnectionFrame(new Frame(type, id, java.util.Arrays.copyOfRange(buf, off, off + len)));
            return;
        }
        RspRequest request = openRequest(type, id);
        if (request != null) {
            boolean done;
            try {
                done = request.onData(type, id, buf, off, len);
            } catch (IOException e) {
                failed(id, request, e);
                return;
            }
            if (done) {
                unregister(id);
            }
        }
    }

    /** The open request with {@code id}, or null (logged) for a stray frame. */
    private RspRequest openRequest(FrameType type, int id) {
        RspRequest request;
        synchronized (this) {
            request = open.get(id);
        }
        if (request == null) {
            // Stray frames for a request we already finished (stdin after exit, say) are harmless.
            LOG.debug("ignoring {} for request {}, which is not open", type, Integer.toUnsignedString(id));
        }
        return request;
    }

    private void failed(int id, RspRequest request, IOException e) {
        unregister(id);
        request.onFailure(e instanceof FrameException
                ? new ProtocolViolationException(endpoint.hostPort() + " sent " + e.getMessage(), e) : e);
    }

    private void dispatchConnectionFrame(Frame frame) throws IOException {
        switch (frame.type()) {
            case PING -> send(FrameType.PONG, 0, frame.payload(), 0, frame.payload().length);
            case PONG -> {
                CompletableFuture<Void> pong = pings.get(HexFormat.of().formatHex(frame.payload()));
                if (pong != null) {
                    pong.complete(null);
                }
            }
            case ERROR -> {
                Messages.Error error = decode(frame, Messages.Error.class);
                shutdown(new ConnectionLostException(endpoint.hostPort() + " closed the connection: " + error.code()
                        + ": " + error.message()));
            }
            default -> LOG.debug("ignoring {} for the connection", frame.type());
        }
    }

    /** Ends the connection once: every open request and ping fails with {@code cause}. */
    private void shutdown(IOException cause) {
        List<RspRequest> failed;
        synchronized (this) {
            if (closedBecause != null) {
                return;
            }
            closedBecause = cause;
            failed = new ArrayList<>(open.values());
            open.clear();
        }
        closeQuietly(socket);
        for (RspRequest request : failed) {
            request.onFailure(reuse(cause));
        }
        pings.values().forEach(p -> p.completeExceptionally(cause));
    }

    @Override
    public void close() {
        shutdown(new ConnectionLostException("the session to " + endpoint.hostPort() + " was closed"));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to do with a socket that will not close.
        }
    }
}
