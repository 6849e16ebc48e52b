package io.remoteshell.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The frame codec under generated input, for a fixed number of tries with fixed seeds (so CI runs the same cases
 * every time and stays bounded), plus the committed corpus of inputs in {@code fuzz/frame-corpus.txt}.
 */
class FrameCodecProperties {

    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<FrameType> types = Arbitraries.of(FrameType.values());
        Arbitrary<Integer> ids = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers(), Arbitraries.integers().between(1, 9));
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        return Combinators.combine(types, ids, payloads).as(Frame::new).list().ofMaxSize(8);
    }

    /** Whatever pieces TCP cuts the stream into, the same frames come out, in order. */
    @Property(tries = 300, seed = "8")
    void framesSurviveAnySplitting(@ForAll("frames") List<Frame> frames, @ForAll long splitSeed) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Frame f : frames) {
            wire.write(FrameWriter.encode(f));
        }
        FrameReader reader = new FrameReader(new Trickle(wire.toByteArray(), new Random(splitSeed)));
        List<Frame> read = new ArrayList<>();
        Frame f;
        while ((f = reader.read()) != null) {
            read.add(f);
        }
        assertEquals(frames, read);
    }

    @Provide
    Arbitrary<List<Frame>> bulkFrames() {
        Arbitrary<FrameType> types = Arbitraries.of(FrameType.values());
        Arbitrary<Integer> ids = Arbitraries.integers().between(0, 3);
        // Up to a whole data chunk, so that frames straddle the end of even the largest read buffer.
        Arbitrary<byte[]> payloads = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.integers().between(0, Limits.MAX_CHUNK).map(FrameCodecProperties::filled));
        return Combinators.combine(types, ids, payloads).as(Frame::new).list().ofMaxSize(12);
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + n);
        }
        return b;
    }

    /** The same through read(Handler), with read buffers from the smallest to the client's, whatever the pieces. */
    @Property(tries = 60, seed = "10")
    void framesSurviveAnySplittingThroughAHandler(@ForAll("bulkFrames") List<Frame> frames, @ForAll long splitSeed,
                                                 @ForAll @IntRange(min = 0, max = 3) int bufferChoice) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Frame f : frames) {
            wire.write(FrameWriter.encode(f));
        }
        int buffer = new int[] {Limits.HEADER_SIZE, FrameReader.DEFAULT_BUFFER, FrameReader.FRAME_BUFFER, 512 << 10}[bufferChoice];
        Random split = new Random(splitSeed);
        int piece = split.nextBoolean() ? 97 : 200_000;
        FrameReader reader = new FrameReader(new Trickle(wire.toByteArray(), split, piece), Limits.MAX_PAYLOAD, buffer);
        List<Frame> read = new ArrayList<>();
        FrameReader.Handler handler = new FrameReader.Handler() {
            @Override
            public void frame(Frame frame) {
                read.add(frame);
            }

            @Override
            public void data(FrameType type, int id, byte[] buf, int off, int len) {
                read.add(new Frame(type, id, java.util.Arrays.copyOfRange(buf, off, off + len)));
            }
        };
        while (reader.read(handler)) {
            // collects
        }
        assertEquals(frames, read);
    }

    /** Random headers and bytes: a frame, a clean end, or a typed protocol error, and never an allocation past the limit. */
    @Property(tries = 1000, seed = "9")
    void anyBytesGiveAFrameOrATypedError(@ForAll @IntRange(min = 0, max = 255) int type, @ForAll int id,
                                         @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int length,
                                         @ForAll @Size(max = 600) byte[] tail, @ForAll long splitSeed) {
        byte[] header = new byte[Limits.HEADER_SIZE];
        header[0] = (byte) type;
        for (int i = 0; i < 4; i++) {
            header[1 + i] = (byte) (id >>> (24 - 8 * i));
            header[5 + i] = (byte) ((length % (2 * Limits.MAX_PAYLOAD)) >>> (24 - 8 * i));
        }
        byte[] input = new byte[header.length + tail.length];
        System.arraycopy(header, 0, input, 0, header.length);
        System.arraycopy(tail, 0, input, header.length, tail.length);
        readToTheEnd(input, new Random(splitSeed), Limits.MAX_PAYLOAD);
        readToTheEnd(input, new Random(splitSeed), Limits.MAX_AUTH_PAYLOAD);
    }

    @Example
    void theCommittedCorpusIsSurvived() throws IOException {
        int cases = 0;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/fuzz/frame-corpus.txt"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                byte[] input = HexFormat.of().parseHex(line.strip());
                readToTheEnd(input, new Random(cases), Limits.MAX_PAYLOAD);
                readToTheEnd(input, new Random(cases), Limits.MAX_AUTH_PAYLOAD);
                cases++;
            }
        }
        assertTrue(cases >= 10, "the corpus is there: " + cases);
    }

    private static void readToTheEnd(byte[] input, Random split, int limit) {
        FrameReader reader = new FrameReader(new Trickle(input, split), limit);
        for (int i = 0; i < 1000; i++) {
            try {
                Frame f = reader.read();
                if (f == null) {
                    return;
                }
                assertTrue(f.payload().length <= limit, "a frame within the limit");
                assertTrue(!f.type().carriesData() || f.payload().length <= Limits.MAX_CHUNK, "data within one chunk");
            } catch (FrameException e) {
                assertTrue(e.code() == ErrorCode.BAD_FRAME || e.code() == ErrorCode.FRAME_TOO_LARGE, e.code().name());
                if (e.fatal()) {
                    return;
                }
            } catch (EOFException e) {
                return;
            } catch (IOException e) {
                throw new AssertionError("an untyped failure: " + e, e);
            }
        }
        throw new AssertionError("the reader does not advance");
    }

    /** An input stream that hands its bytes out in random small pieces, as a socket may. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final Random random;

        private final int piece;

        Trickle(byte[] bytes, Random random) {
            this(bytes, random, 97);
        }

        /** @param piece the most bytes one read hands out */
        Trickle(byte[] bytes, Random random, int piece) {
            this.in = new ByteArrayInputStream(bytes);
            this.random = random;
            this.piece = piece;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            return in.read(b, off, 1 + random.nextInt(Math.min(len, piece)));
        }
    }
}
