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

    private final InputStream in;
    private final int maxPayload;
    private final byte[] header = new byte[Limits.HEADER_SIZE];

    public FrameReader(InputStream in) {
        this(in, Limits.MAX_PAYLOAD);
    }

    public FrameReader(InputStream in, int maxPayload) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, Limits.MAX_CHUNK + Limits.HEADER_SIZE);
        this.maxPayload = maxPayload;
    }

    /**
     * The next frame, or null when the peer closed the connection cleanly between frames.
     *
     * @throws FrameException for a payload over the limit (fatal) or an unknown type (its payload is skipped)
     * @throws EOFException when the connection ends inside a frame
     */
    public Frame read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, Limits.HEADER_SIZE - 1);
        int typeCode = header[0] & 0xFF;
        int id = readInt(header, 1);
        long length = readInt(header, 5) & 0xFFFFFFFFL;
        if (length > maxPayload) {
            throw new FrameException(ErrorCode.FRAME_TOO_LARGE, id, true,
                    "frame announces " + length + " payload bytes; the limit is " + maxPayload);
        }
        byte[] payload = new byte[(int) length];
        readFully(payload, 0, payload.length);
        FrameType type = FrameType.ofCode(typeCode);
        if (type == null) {
            throw new FrameException(ErrorCode.BAD_FRAME, id, id == 0,
                    String.format("unknown frame type 0x%02X", typeCode));
        }
        return new Frame(type, id, payload);
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
