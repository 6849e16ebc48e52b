package io.remoteshell.protocol;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames off a stream. The announced length is checked against the limit before
 * anything is allocated, so a peer cannot make us reserve memory by claiming a large payload.
 * Not thread-safe: one reader thread per connection.
 */
public final class FrameReader {

    /** Small: headers go through it, and a payload at least this long is read straight into its own array. */
    private static final int BUFFER = 8 << 10;

    private final InputStream in;
    private final byte[] header = new byte[Limits.HEADER_SIZE];
    private volatile int maxPayload;
    /** The header just read. */
    private FrameType nextType;
    private int nextId;
    private int nextLength;
    /** Made at the first data frame {@link #read(Handler)} reads. */
    private byte[] chunk;

    public FrameReader(InputStream in) {
        this(in, Limits.MAX_PAYLOAD);
    }

    public FrameReader(InputStream in, int maxPayload) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, BUFFER);
        this.maxPayload = maxPayload;
    }

    /** Changes the limit for the frames read from now on (a server reads small frames only until AUTH_OK). */
    public void maxPayload(int limit) {
        this.maxPayload = limit;
    }

    /**
     * The next frame, or null when the peer closed the connection cleanly between frames.
     *
     * @throws FrameException for a payload over the limit (fatal), or (its payload skipped unread, the stream still in
     *                        step) an unknown type or a data frame (STDIN, DATA, STDOUT, STDERR) over {@link Limits#MAX_CHUNK}
     * @throws EOFException when the connection ends inside a frame
     */
    public Frame read() throws IOException {
        if (!readHeader()) {
            return null;
        }
        byte[] payload = new byte[nextLength];
        readFully(payload, 0, payload.length);
        return new Frame(nextType, nextId, payload);
    }

    /** Where {@link #read(Handler)} puts what it read. */
    public interface Handler {
        /** A frame that carries no data: control frames, JSON messages. */
        void frame(Frame frame) throws IOException;

        /** The payload of a data frame, in a buffer the reader reuses: valid only until this returns. */
        void data(FrameType type, int id, byte[] buf, int off, int len) throws IOException;
    }

    /**
     * As {@link #read()}, but a data frame's payload is read into one buffer the reader keeps (a chunk is at most {@link
     * Limits#MAX_CHUNK}) instead of an array of its own per frame: for a reader that passes the bytes on at once.
     *
     * @return false when the peer closed the connection cleanly between frames
     */
    public boolean read(Handler handler) throws IOException {
        if (!readHeader()) {
            return false;
        }
        if (nextType.carriesData()) {
            if (chunk == null) {
                chunk = new byte[Limits.MAX_CHUNK];
            }
            readFully(chunk, 0, nextLength);
            handler.data(nextType, nextId, chunk, 0, nextLength);
        } else {
            byte[] payload = new byte[nextLength];
            readFully(payload, 0, payload.length);
            handler.frame(new Frame(nextType, nextId, payload));
        }
        return true;
    }

    /** Reads and checks the next header into nextType, nextId and nextLength; false at a clean end of the stream. */
    private boolean readHeader() throws IOException {
        int first = in.read();
        if (first < 0) {
            return false;
        }
        header[0] = (byte) first;
        readFully(header, 1, Limits.HEADER_SIZE - 1);
        int typeCode = header[0] & 0xFF;
        int id = readInt(header, 1);
        long length = readInt(header, 5) & 0xFFFFFFFFL;
        int limit = maxPayload;
        if (length > limit) {
            throw new FrameException(ErrorCode.FRAME_TOO_LARGE, id, true,
                    "frame announces " + length + " payload bytes; the limit is " + limit);
        }
        FrameType type = FrameType.ofCode(typeCode);
        if (type == null) {
            skip(length);
            throw new FrameException(ErrorCode.BAD_FRAME, id, id == 0,
                    String.format("unknown frame type 0x%02X", typeCode));
        }
        if (type.carriesData() && length > Limits.MAX_CHUNK) {
            skip(length);
            throw new FrameException(ErrorCode.BAD_FRAME, id, id == 0, type + " frame of " + length
                    + " bytes is over the data chunk limit of " + Limits.MAX_CHUNK + "; send data in chunks of at most that");
        }
        nextType = type;
        nextId = id;
        nextLength = (int) length;
        return true;
    }

    /** Reads past a payload we will not keep, through the stream's own buffer: it is never held as a whole. */
    private void skip(long length) throws IOException {
        long left = length;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed in the middle of a frame");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("connection closed in the middle of a frame");
            }
            off += n;
            len -= n;
        }
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
