package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameReader;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A live server fed generated frames after log-in, for a fixed number of tries with a fixed seed: frames of
 * every type (and unknown ones) with ids near the open requests and payloads that are JSON-ish, truncated or
 * random. Whatever arrives, the connection either goes on or is closed with an ERROR for id 0, the server never
 * logs a stack trace, and the next connection is served.
 */
class FrameFuzzProperties {

    private static EmbeddedRshelld server;

    @BeforeContainer
    static void start() throws IOException {
        server = EmbeddedRshelld.builder().ssh(false).rsps(false).start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    private static final List<String> JSON = List.of("{}", "{\"signal\":null}", "{\"signal\":\"INT\"}", "{\"command\":\"true\"}",
            "{\"argv\":[]}", "{\"argv\":[null]}", "{\"argv\":[\"tr\\u0000ue\"]}", "{\"command\":\"cat\",\"stdin\":true}",
            "{\"command\":\"true\",\"env\":{\"1\":\"x\"}}", "{\"command\":\"true\",\"timeout_ms\":-1}",
            "{\"command\":\"true\",\"cwd\":\"/nonexistent\"}", "{\"path\":\"/nonexistent/x\",\"size\":1}",
            "{\"path\":\"\",\"size\":-1}", "{\"path\":\"/etc/hostname\"}", "{\"sha256\":null}", "{\"bytes\":5}",
            "[1,2]", "null", "{\"command\":", "{\"user\":\"x\",\"mac\":\"y\"}", "\"\\ud800\"");

    @Provide
    Arbitrary<List<Frame>> hostile() {
        Arbitrary<FrameType> types = Arbitraries.of(FrameType.values());
        Arbitrary<Integer> ids = Arbitraries.oneOf(Arbitraries.integers().between(1, 4), Arbitraries.just(0),
                Arbitraries.integers());
        Arbitrary<byte[]> payloads = Arbitraries.oneOf(
                Arbitraries.of(JSON).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.just(new byte[0]));
        return Combinators.combine(types, ids, payloads).as(Frame::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 150, seed = "10")
    void theServerSurvivesAnyFrames(@ForAll("hostile") List<Frame> frames,
                                    @ForAll @Size(max = 40) byte[] garbage) throws IOException {
        try (LogCapture log = new LogCapture()) {
            try (RspTestClient c = RspTestClient.login(server)) {
                try {
                    for (Frame f : frames) {
                        c.send(f);
                    }
                    if (garbage.length > 0 && garbage.length % 3 == 0) {
                        c.sendRaw(garbage);
                    }
                    // A PING on id 0 after it all: answered (maybe after other frames), or the connection closed with a reason.
                    c.send(new Frame(FrameType.PING, 0, "alive?".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException closedWhileSending) {
                    // The server ended the connection (an ERROR for id 0 is on its way); reading it below.
                }
                expectPongOrReasonedClose(c);
            }
            try (RspTestClient next = RspTestClient.login(server)) {
                assertEquals("ok\n", next.exec(1, Messages.Exec.command("echo ok")).out());
            }
            assertEquals(List.of(), log.stackTraces());
        }
    }

    private static void expectPongOrReasonedClose(RspTestClient c) throws IOException {
        c.socket.setSoTimeout(20_000);
        FrameReader reader = c.reader;
        boolean sawConnectionError = false;
        while (true) {
            Frame f;
            try {
                f = reader.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer to PING within 20 s");
            } catch (IOException e) {
                assertTrue(sawConnectionError, "closed without an ERROR for id 0: " + e);
                return;
            }
            if (f == null) {
                assertTrue(sawConnectionError, "closed without an ERROR for id 0");
                return;
            }
            if (f.type() == FrameType.PONG && "alive?".equals(new String(f.payload(), StandardCharsets.UTF_8))) {
                return;
            }
            if (f.type() == FrameType.ERROR && f.id() == 0) {
                sawConnectionError = true;
            }
        }
    }
}
