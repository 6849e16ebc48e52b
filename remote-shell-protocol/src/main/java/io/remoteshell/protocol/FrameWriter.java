package io.remoteshell.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Writes frames to a stream, each frame (header and payload) in one write call, so that
 * with TCP_NODELAY a frame leaves in as few segments as possible and never waits on Nagle.
 * Thread-safe: writers of many requests share one connection; frames never interleave.
 * A writer blocked by a slow peer blocks its caller, which is the back-pressure we want.
 */
public final class FrameWriter {

    private final OutputStream out;
    /** The same connection as {@code out} where it is a channel (plain TCP): frames in direct buffers go there uncopied. */
    private final GatheringByteChannel channel;
    private static final int SMALL = 1 << 10;
    private final byte[] small = new byte[Limits.HEADER_SIZE + SMALL];
    /** Made at the first data chunk: a connection that never carries data (or never logs in) costs no 64 KiB. */
    private byte[] chunk;

    public FrameWriter(OutputStream out) {
        this(out, null);
    }

    /** @param channel the channel {@code out} writes to, or null; {@link #writeReserved} hands its buffers to it directly,
     *                and large payloads go to it in one gathering write */
    public FrameWriter(OutputStream out, GatheringByteChannel channel) {
        this.out = out;
        this.channel = channel;
    }

    public void write(Frame frame) throws IOException {
        write(frame.type(), frame.id(), frame.payload(), 0, frame.payload().length);
    }

    public void writeJson(FrameType type, int id, Object message) throws IOException {
        byte[] payload = Json.encode(message);
        write(type, id, payload, 0, payload.length);
    }

    public void write(FrameType type, int id, byte[] payload, int off, int len) throws IOException {
        if (len < 0 || len > Limits.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + len + " bytes is over the frame limit");
        }
        synchronized (this) {
            if (channel != null && len > SMALL) {
                // One gathering write: the payload goes from the caller's array to the socket without first being
                // copied behind a header here.
                byte[] head = new byte[Limits.HEADER_SIZE];
                encodeHeader(head, type, id, len);
                ByteBuffer[] frame = {ByteBuffer.wrap(head), ByteBuffer.wrap(payload, off, len)};
                while (frame[1].hasRemaining()) {
                    channel.write(frame);
                }
                return;
            }
            byte[] buf;
            if (len <= SMALL) {
                buf = small;
            } else if (len <= Limits.MAX_CHUNK) {
                if (chunk == null) {
                    chunk = new byte[Limits.HEADER_SIZE + Limits.MAX_CHUNK];
                }
                buf = chunk;
            } else {
                buf = new byte[Limits.HEADER_SIZE + len];
            }
            encodeHeader(buf, type, id, len);
            System.arraycopy(payload, off, buf, Limits.HEADER_SIZE, len);
            out.write(buf, 0, Limits.HEADER_SIZE + len);
            out.flush();
        }
    }

    /**
     * Writes a frame whose payload is already in {@code frame} after {@link Limits#HEADER_SIZE} bytes of room (from its
     * position to its limit): the header is put in that room, and over a channel the frame leaves in one write with no
     * copy in between (read(2) filled the buffer, write(2) empties it). Otherwise it is copied to the stream.
     */
    public void writeReserved(FrameType type, int id, ByteBuffer frame) throws IOException {
        int len = frame.remaining() - Limits.HEADER_SIZE;
        if (len < 0 || len > Limits.MAX_CHUNK) {
            throw new IllegalArgumentException("reserved frame of " + frame.remaining() + " bytes: not a header and a chunk");
        }
        synchronized (this) {
            int p = frame.position();
            frame.put(p, (byte) type.code());
            for (int i = 0; i < 4; i++) {
                frame.put(p + 1 + i, (byte) (id >>> (24 - 8 * i)));
                frame.put(p + 5 + i, (byte) (len >>> (24 - 8 * i)));
            }
            if (channel != null) {
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
                return;
            }
            if (chunk == null) {
                chunk = new byte[Limits.HEADER_SIZE + Limits.MAX_CHUNK];
            }
            int total = frame.remaining();
            frame.get(chunk, 0, total);
            out.write(chunk, 0, total);
            out.flush();
        }
    }

    /**
     * Writes a frame whose payload the caller put in {@code frame} after {@link Limits#HEADER_SIZE} bytes of room
     * ({@code frame[HEADER_SIZE .. HEADER_SIZE + len)}): the header goes into that room and the frame leaves in one
     * write, without being copied behind a header first (a sender reading a file straight into the frame, say).
     */
    public void writeReserved(FrameType type, int id, byte[] frame, int len) throws IOException {
        if (len < 0 || len > Limits.MAX_CHUNK || frame.length < Limits.HEADER_SIZE + len) {
            throw new IllegalArgumentException("reserved frame of " + len + " payload bytes in an array of " + frame.length);
        }
        synchronized (this) {
            encodeHeader(frame, type, id, len);
            if (channel != null) {
                ByteBuffer b = ByteBuffer.wrap(frame, 0, Limits.HEADER_SIZE + len);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                return;
            }
            out.write(frame, 0, Limits.HEADER_SIZE + len);
            out.flush();
        }
    }

    /** The 9-byte header: {@code struct.pack('!BII', type, id, length)}. */
    public static void encodeHeader(byte[] buf, FrameType type, int id, int length) {
        buf[0] = (byte) type.code();
        putInt(buf, 1, id);
        putInt(buf, 5, length);
    }

    /** One frame as bytes, header and payload, as it goes on the wire. */
    public static byte[] encode(Frame frame) {
        byte[] p = frame.payload();
        byte[] buf = new byte[Limits.HEADER_SIZE + p.length];
        encodeHeader(buf, frame.type(), frame.id(), p.length);
        System.arraycopy(p, 0, buf, Limits.HEADER_SIZE, p.length);
        return buf;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
