package io.remoteshell.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void headerIsStructPackBangBII() {
        // struct.pack('!BII', 0x10, 7, 2) + b'{}'
        byte[] wire = FrameWriter.encode(new Frame(FrameType.EXEC, 7, "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("1000000007000000027b7d", HexFormat.of().formatHex(wire));
    }

    @Test
    void idIsUnsigned() throws IOException {
        byte[] wire = FrameWriter.encode(Frame.of(FrameType.PING, 0xFFFFFFFF));
        Frame back = new FrameReader(new ByteArrayInputStream(wire)).read();
        assertEquals("4294967295", back.idString());
    }

    @Test
    void roundTripsEveryTypeAndCleanEofIsNull() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(bytes);
        List<Frame> sent = new ArrayList<>();
        int id = 1;
        for (FrameType type : FrameType.values()) {
            Frame f = new Frame(type, id++, ("payload of " + type).getBytes(StandardCharsets.UTF_8));
            sent.add(f);
            writer.write(f);
        }
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
        for (Frame expected : sent) {
            assertEquals(expected, reader.read());
        }
        assertNull(reader.read());
    }

    @Test
    void readWithAHandlerGivesDataFromOneReusedBufferAndTheRestAsFrames() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(bytes);
        byte[] big = new byte[Limits.MAX_CHUNK];
        java.util.Arrays.fill(big, (byte) 'x');
        writer.write(FrameType.STDOUT, 1, big, 0, big.length);
        writer.writeJson(FrameType.EXIT, 1, new Messages.Exit(0, null, false, 3));
        writer.write(FrameType.STDERR, 2, "err".getBytes(StandardCharsets.UTF_8), 0, 3);
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
        List<String> seen = new ArrayList<>();
        List<byte[]> buffers = new ArrayList<>();
        FrameReader.Handler handler = new FrameReader.Handler() {
            @Override
            public void frame(Frame frame) {
                seen.add(frame.type() + " " + frame.id() + " " + new String(frame.payload(), StandardCharsets.UTF_8));
            }

            @Override
            public void data(FrameType type, int id, byte[] buf, int off, int len) {
                buffers.add(buf);
                String text = new String(buf, off, len, StandardCharsets.UTF_8);
                seen.add(type + " " + id + " " + (len > 16 ? len + " bytes" : text));
            }
        };
        while (reader.read(handler)) {
            // all of it
        }
        assertEquals(List.of("STDOUT 1 65536 bytes", "EXIT 1 {\"code\":0,\"signal\":null,\"timed_out\":false,\"duration_ms\":3}",
                "STDERR 2 err"), seen);
        assertTrue(buffers.get(0) == buffers.get(1), "one buffer for every data frame");
    }

    @Test
    void readWithAHandlerRefusesAnOversizedDataFrameAndStaysInStep() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(bytes);
        writer.write(FrameType.DATA, 3, new byte[Limits.MAX_CHUNK + 1], 0, Limits.MAX_CHUNK + 1);
        writer.write(Frame.of(FrameType.PING, 0));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
        List<Frame> frames = new ArrayList<>();
        FrameReader.Handler handler = new FrameReader.Handler() {
            @Override
            public void frame(Frame frame) {
                frames.add(frame);
            }

            @Override
            public void data(FrameType type, int id, byte[] buf, int off, int len) {
                throw new AssertionError("an oversized chunk must not be delivered");
            }
        };
        FrameException e = assertThrows(FrameException.class, () -> reader.read(handler));
        assertEquals(ErrorCode.BAD_FRAME, e.code());
        assertTrue(reader.read(handler));
        assertEquals(List.of(Frame.of(FrameType.PING, 0)), frames);
        assertFalse(reader.read(handler));
    }

    @Test
    void aReservedFrameGetsItsHeaderInTheRoomLeftForIt() throws IOException {
        byte[] payload = "chunk".getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocateDirect(64);
        frame.position(Limits.HEADER_SIZE);
        frame.put(payload);
        frame.flip();
        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        new FrameWriter(viaStream).writeReserved(FrameType.STDOUT, 5, frame.duplicate());
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        new FrameWriter(unused, pipe.sink()).writeReserved(FrameType.STDOUT, 5, frame.duplicate());
        java.nio.ByteBuffer viaChannel = java.nio.ByteBuffer.allocate(64);
        while (viaChannel.position() < Limits.HEADER_SIZE + payload.length) {
            pipe.source().read(viaChannel);
        }
        byte[] expected = FrameWriter.encode(new Frame(FrameType.STDOUT, 5, payload));
        assertArrayEquals(expected, viaStream.toByteArray());
        assertArrayEquals(expected, java.util.Arrays.copyOf(viaChannel.array(), viaChannel.position()));
        assertEquals(0, unused.size(), "over a channel nothing goes through the stream");
    }

    @Test
    void aLargePayloadOverAChannelIsTheSameFrame() throws IOException {
        byte[] payload = new byte[8 << 10];
        new java.util.Random(1).nextBytes(payload);
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        Thread writer = new Thread(() -> {
            try {
                new FrameWriter(OutputStream.nullOutputStream(), pipe.sink()).write(FrameType.DATA, 9, payload, 0, payload.length);
                pipe.sink().close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Frame back = new FrameReader(java.nio.channels.Channels.newInputStream(pipe.source())).read();
        assertEquals(new Frame(FrameType.DATA, 9, payload), back);
    }

    @Test
    void eachFrameIsOneWrite() throws IOException {
        List<Integer> writes = new ArrayList<>();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
            }
        };
        FrameWriter writer = new FrameWriter(counting);
        writer.writeJson(FrameType.EXIT, 3, new Messages.Exit(0, null, false, 5));
        writer.write(new Frame(FrameType.STDOUT, 3, new byte[Limits.MAX_CHUNK]));
        writer.write(new Frame(FrameType.STDOUT, 3, new byte[Limits.MAX_CHUNK + 1]));
        assertEquals(3, writes.size(), "one write call per frame: " + writes);
        assertEquals(Limits.HEADER_SIZE + Limits.MAX_CHUNK, writes.get(1));
    }

    @Test
    void oversizedLengthIsRejectedBeforeAnyAllocation() {
        // 0xFFFFFFFF announced, no payload follows: the reader must fail on the header alone.
        byte[] header = HexFormat.of().parseHex("21000000ffffffffff");
        FrameException e = assertThrows(FrameException.class,
                () -> new FrameReader(new ByteArrayInputStream(header)).read());
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        assertTrue(e.fatal());
        assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
    }

    @Test
    void payloadAtTheLimitIsAccepted() throws IOException {
        byte[] wire = FrameWriter.encode(new Frame(FrameType.EXEC, 1, new byte[Limits.MAX_PAYLOAD]));
        assertEquals(Limits.MAX_PAYLOAD, new FrameReader(new ByteArrayInputStream(wire)).read().payload().length);
    }

    @Test
    void dataOverOneChunkIsBadFrameForItsIdAndTheStreamStaysInStep() throws IOException {
        for (FrameType type : new FrameType[] {FrameType.STDIN, FrameType.DATA}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(FrameWriter.encode(new Frame(type, 7, new byte[Limits.MAX_CHUNK + 1])));
            bytes.write(FrameWriter.encode(new Frame(type, 7, new byte[Limits.MAX_CHUNK])));
            FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
            FrameException e = assertThrows(FrameException.class, reader::read);
            assertEquals(ErrorCode.BAD_FRAME, e.code());
            assertEquals(7, e.id());
            assertFalse(e.fatal());
            assertEquals(Limits.MAX_CHUNK, reader.read().payload().length);
        }
    }

    @Test
    void theLimitCanBeLoweredForTheFramesThatFollow() throws IOException {
        byte[] wire = FrameWriter.encode(new Frame(FrameType.AUTH, 0, new byte[Limits.MAX_AUTH_PAYLOAD + 1]));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(wire));
        reader.maxPayload(Limits.MAX_AUTH_PAYLOAD);
        FrameException e = assertThrows(FrameException.class, reader::read);
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        assertTrue(e.fatal());
    }

    @Test
    void unknownTypeIsBadFrameAndTheStreamStaysInStep() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(HexFormat.of().parseHex("42000000050000000361626" + "3"));
        bytes.write(FrameWriter.encode(Frame.of(FrameType.PING, 0)));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
        FrameException e = assertThrows(FrameException.class, reader::read);
        assertEquals(ErrorCode.BAD_FRAME, e.code());
        assertEquals(5, e.id());
        assertTrue(!e.fatal(), "an unknown type on a request id does not end the connection");
        assertEquals(FrameType.PING, reader.read().type());
    }

    @Test
    void unknownTypeOnConnectionIdIsFatal() {
        byte[] wire = HexFormat.of().parseHex("420000000000000000");
        FrameException e = assertThrows(FrameException.class, () -> new FrameReader(new ByteArrayInputStream(wire)).read());
        assertTrue(e.fatal());
    }

    @Test
    void truncatedFrameIsEofNotNull() {
        byte[] wire = HexFormat.of().parseHex("2100000001000000106869");
        assertThrows(EOFException.class, () -> new FrameReader(new ByteArrayInputStream(wire)).read());
        byte[] halfHeader = HexFormat.of().parseHex("2100");
        assertThrows(EOFException.class, () -> new FrameReader(new ByteArrayInputStream(halfHeader)).read());
    }

    @Test
    void jsonMessagesUseTheContractsNames() throws IOException {
        Messages.Exec exec = new Messages.Exec(null, List.of("ls", "a b"), Map.of("K", "v"), "/tmp", 1500L, true);
        String json = new String(Json.encode(exec), StandardCharsets.UTF_8);
        assertEquals("{\"argv\":[\"ls\",\"a b\"],\"env\":{\"K\":\"v\"},\"cwd\":\"/tmp\",\"timeout_ms\":1500,\"stdin\":true}", json);
        assertEquals("{\"command\":\"true\"}", new String(Json.encode(Messages.Exec.command("true")), StandardCharsets.UTF_8));
        assertEquals("{\"code\":0,\"signal\":null,\"timed_out\":false,\"duration_ms\":12}",
                new String(Json.encode(new Messages.Exit(0, null, false, 12)), StandardCharsets.UTF_8));
        Frame frame = new Frame(FrameType.EXEC, 1, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(exec, frame.as(Messages.Exec.class));
    }

    @Test
    void malformedJsonIsBadFrameForThatId() {
        for (String payload : new String[] {"{not json", "", "[1,2]", "{\"code\":null}", "{} {}"}) {
            Frame frame = new Frame(FrameType.EXIT, 9, payload.getBytes(StandardCharsets.UTF_8));
            FrameException e = assertThrows(FrameException.class, () -> frame.as(Messages.Exit.class), payload);
            assertEquals(ErrorCode.BAD_FRAME, e.code());
            assertEquals(9, e.id());
        }
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() throws IOException {
        Frame frame = new Frame(FrameType.AUTH_OK, 0, "{\"user\":\"a\",\"since\":\"rsp/2\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new Messages.AuthOk("a"), frame.as(Messages.AuthOk.class));
    }

    @Test
    void errorFrameCarriesCodeAndMessage() throws IOException {
        Frame f = new FrameException(ErrorCode.BAD_FRAME, 4, false, "no request 4 is open").toErrorFrame();
        assertEquals(FrameType.ERROR, f.type());
        assertEquals(new Messages.Error("BAD_FRAME", "no request 4 is open"), f.as(Messages.Error.class));
    }
}
