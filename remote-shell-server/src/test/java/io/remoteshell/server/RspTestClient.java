package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.remoteshell.protocol.AuthMac;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameReader;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.FrameWriter;
import io.remoteshell.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A raw RSP/1 client over a real socket, built on the protocol's FrameReader/FrameWriter, for driving the server in tests. */
public final class RspTestClient implements AutoCloseable {

    /** Everything one EXEC produced. */
    public static final class Result {
        public Long pid;
        public final ByteArrayOutputStream out = new ByteArrayOutputStream();
        public final ByteArrayOutputStream err = new ByteArrayOutputStream();
        public final List<FrameType> order = new ArrayList<>();
        public Messages.Exit exit;
        public Messages.Error error;

        public String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        public String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        boolean done() {
            return exit != null || error != null;
        }
    }

    public final Socket socket;
    public final FrameReader reader;
    public final FrameWriter writer;
    public final Messages.Hello hello;
    public final byte[] nonce;

    private RspTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        this.reader = new FrameReader(socket.getInputStream());
        this.writer = new FrameWriter(socket.getOutputStream());
        Frame hello = reader.read();
        assertNotNull(hello, "server closed before HELLO");
        if (hello.type() == FrameType.ERROR) {
            this.hello = null;
            this.nonce = null;
            pending = hello;
            return;
        }
        assertEquals(FrameType.HELLO, hello.type());
        this.hello = hello.as(Messages.Hello.class);
        this.nonce = Base64.getDecoder().decode(this.hello.nonce());
    }

    private Frame pending;

    /** Over a socket that is already connected, such as a TLS one to an rsps port. */
    public static RspTestClient over(Socket socket) throws IOException {
        return new RspTestClient(socket);
    }

    public static RspTestClient connect(int port) throws IOException {
        return new RspTestClient(new Socket("127.0.0.1", port));
    }

    /** Like {@link #login(EmbeddedRshelld)}, opting in to the {@code window} feature the server offers in HELLO. */
    public static RspTestClient loginWithWindow(EmbeddedRshelld server) throws IOException {
        return loginWithWindow(server.rspPort(), server.user(), server.token());
    }

    private static RspTestClient loginWithWindow(int port, String user, String token) throws IOException {
        RspTestClient c = connect(port);
        c.send(Frame.json(FrameType.AUTH, 0, new Messages.Auth(user, AuthMac.compute(AuthMac.tokenKey(token), c.nonce),
                List.of(Messages.FEATURE_WINDOW))));
        Frame ok = c.next();
        assertEquals(FrameType.AUTH_OK, ok.type(), () -> "expected AUTH_OK, got " + ok + " " + new String(ok.payload(), StandardCharsets.UTF_8));
        return c;
    }

    /** Connects and authenticates as the embedded server's first user. */
    public static RspTestClient login(EmbeddedRshelld server) throws IOException {
        RspTestClient c = connect(server.rspPort());
        c.auth(server.user(), server.token());
        Frame ok = c.next();
        assertEquals(FrameType.AUTH_OK, ok.type(), () -> "expected AUTH_OK, got " + ok + " " + new String(ok.payload(), StandardCharsets.UTF_8));
        return c;
    }

    public void auth(String user, String token) throws IOException {
        auth(user, token, null);
    }

    /** AUTH with the channel binding of rsps ({@code binding}: SHA-256 of the server certificate; null for none). */
    public void auth(String user, String token, byte[] binding) throws IOException {
        send(Frame.json(FrameType.AUTH, 0, new Messages.Auth(user, AuthMac.compute(AuthMac.tokenKey(token), nonce, binding))));
    }

    public void send(Frame frame) throws IOException {
        writer.write(frame);
    }

    public void sendJson(FrameType type, int id, Object message) throws IOException {
        writer.writeJson(type, id, message);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** The next frame; fails on end of stream or after 30 s. */
    public Frame next() throws IOException {
        if (pending != null) {
            Frame f = pending;
            pending = null;
            return f;
        }
        Frame f = reader.read();
        if (f == null) {
            fail("server closed the connection");
        }
        return f;
    }

    /** The next frame must be an ERROR for {@code id}; returns it. */
    public Messages.Error expectError(int id) throws IOException {
        Frame f = next();
        assertEquals(FrameType.ERROR, f.type(), () -> "expected ERROR, got " + f + ": " + new String(f.payload(), StandardCharsets.UTF_8));
        assertEquals(id, f.id(), "ERROR id");
        return f.as(Messages.Error.class);
    }

    /** True when the server closed the connection (end of stream or reset) within 10 s. */
    public boolean closedByServer() throws IOException {
        socket.setSoTimeout(10_000);
        try {
            while (true) {
                if (socket.getInputStream().read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public Result exec(int id, Messages.Exec exec) throws IOException {
        sendJson(FrameType.EXEC, id, exec);
        return collect(List.of(id)).get(id);
    }

    /** Reads frames until every one of {@code ids} has ended, demultiplexing by id. */
    public Map<Integer, Result> collect(List<Integer> ids) throws IOException {
        Map<Integer, Result> results = new HashMap<>();
        ids.forEach(i -> results.put(i, new Result()));
        while (!results.values().stream().allMatch(Result::done)) {
            Frame f = next();
            Result r = results.get(f.id());
            if (r == null) {
                fail("frame for an unexpected id: " + f + " " + new String(f.payload(), StandardCharsets.UTF_8));
            }
            if (r.done()) {
                fail("frame after the end of request " + f.id() + ": " + f);
            }
            r.order.add(f.type());
            switch (f.type()) {
                case STARTED -> r.pid = f.as(Messages.Started.class).pid();
                case STDOUT -> r.out.writeBytes(f.payload());
                case STDERR -> r.err.writeBytes(f.payload());
                case EXIT -> r.exit = f.as(Messages.Exit.class);
                case ERROR -> r.error = f.as(Messages.Error.class);
                default -> fail("unexpected " + f);
            }
        }
        return results;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
