package io.remoteshell.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames off a stream. The announced length is checked against the limit before
 * anything is allocated, so a peer cannot make us reserve memory by claiming a large payload.
 * Not thread-safe: one reader thread per connection.
 */
public final class FrameReader {

    /** The default read buffer: headers and small frames go through it; a longer payload is read straight into its array. */
    public static final int DEFAULT_BUFFER = 8 << 10;
    /**
     * The smallest buffer that holds a whole data frame: with one at least this big, {@link #read(Handler)} hands data
     * payloads over where read(2) put them, and one read(2) brings in as many frames as the buffer holds.
     */
    public static final int FRAME_BUFFER = Limits.HEADER_SIZE + Limits.MAX_CHUNK;

    private final InputStream in;
    /** Bytes read from {@code in} and not yet consumed: {@code buf[pos..lim)}. */
    private final byte[] buf;
    private int pos;
    private int lim;
    private volatile int maxPayload;
    /** The header just read. */
    private FrameType nextType;
    private int nextId;
    private int nextLength;
    /** Made at the first data frame {@link #read(Handler)} reads, when {@link #buf} cannot hold one whole. */
    private byte[] chunk;

    public FrameReader(InputStream in) {
        this(in, Limits.MAX_PAYLOAD);
    }

    public FrameReader(InputStream in, int maxPayload) {
        this(in, maxPayload, DEFAULT_BUFFER);
    }

    /**
     * @param bufferSize bytes read ahead from {@code in} per read call; at least {@link #FRAME_BUFFER} for a reader of
     *                   bulk data (output, files), where each read call then brings in several frames
     */
    public FrameReader(InputStream in, int maxPayload, int bufferSize) {
        if (bufferSize < Limits.HEADER_SIZE) {
            throw new IllegalArgumentException("a read buffer of " + bufferSize + " bytes cannot hold a frame header");
        }
        this.in = in;
        this.buf = new byte[bufferSize];
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
     * As {@link #read()}, but a data frame's payload is handed over in a buffer the reader keeps (a chunk is at most
     * {@link Limits#MAX_CHUNK}) instead of an array of its own per frame: for a reader that passes the bytes on at once.
     * With a read buffer of at least {@link #FRAME_BUFFER} that is the read buffer itself, so the bytes are not copied.
     *
     * @return false when the peer closed the connection cleanly between frames
     */
    public boolean read(Handler handler) throws IOException {
        if (!readHeader()) {
            return false;
        }
        if (nextType.carriesData()) {
            int len = nextLength;
            if (buf.length >= FRAME_BUFFER) {
                require(len);
                int off = pos;
                pos += len;
                handler.data(nextType, nextId, buf, off, len);
            } else {
                if (chunk == null) {
                    chunk = new byte[Limits.MAX_CHUNK];
                }
                readFully(chunk, 0, len);
                handler.data(nextType, nextId, chunk, 0, len);
            }
        } else {
            byte[] payload = new byte[nextLength];
            readFully(payload, 0, payload.length);
            handler.frame(new Frame(nextType, nextId, payload));
        }
        return true;
    }

    /** Reads and checks the next header into nextType, nextId and nextLength; false at a clean end of the stream. */
    private boolean readHeader() throws IOException {
        if (pos == lim && !fill()) {
            return false;
        }
        require(Limits.HEADER_SIZE);
        int typeCode = buf[pos] & 0xFF;
        int id = readInt(buf, pos + 1);
        long length = readInt(buf, pos + 5) & 0xFFFFFFFFL;
        pos += Limits.HEADER_SIZE;
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

    /**
     * One read call into the free end of the buffer (what is unconsumed moved to its start first, when that makes
     * room); false at the end of the stream.
     */
    private boolean fill() throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (lim == buf.length) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            return false;
        }
        lim += n;
        return true;
    }

    /** Makes sure the next {@code n} bytes (at most the buffer's size) are in the buffer. */
    private void require(int n) throws IOException {
        if (lim - pos >= n) {
            return;
        }
        if (buf.length - pos < n) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim - pos < n) {
            if (!fill()) {
                throw new EOFException("connection closed in the middle of a frame");
            }
        }
    }

    /** Reads past a payload we will not keep, through the buffer: it is never held as a whole. */
    private void skip(long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed in the middle of a frame");
            }
            int n = (int) Math.min(left, lim - pos);
            pos += n;
            left -= n;
        }
    }

    /** Fills {@code b[off..off+len)}: first from the buffer, then a long rest straight from the stream. */
    private void readFully(byte[] b, int off, int len) throws IOException {
        int buffered = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, buffered);
        pos += buffered;
        off += buffered;
        len -= buffered;
        while (len > 0) {
            if (len >= buf.length) {
                int n = in.read(b, off, len);
                if (n < 0) {
                    throw new EOFException("connection closed in the middle of a frame");
                }
                off += n;
                len -= n;
            } else {
                if (!fill()) {
                    throw new EOFException("connection closed in the middle of a frame");
                }
                int n = Math.min(len, lim - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                off += n;
                len -= n;
            }
        }
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
