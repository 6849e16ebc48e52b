package io.remoteshell.protocol;

import java.util.Arrays;

/**
 * One RSP/1 frame: type, request id (0 for the connection itself) and payload.
 * The id is an unsigned 32-bit number carried in an int; use {@link #idString()} to show it.
 */
public record Frame(FrameType type, int id, byte[] payload) {

    private static final byte[] EMPTY = new byte[0];

    public Frame {
        if (type == null) {
            throw new IllegalArgumentException("frame type is required");
        }
        payload = payload == null ? EMPTY : payload;
    }

    public static Frame of(FrameType type, int id) {
        return new Frame(type, id, EMPTY);
    }

    /** A frame whose payload is the JSON form of {@code message}. */
    public static Frame json(FrameType type, int id, Object message) {
        return new Frame(type, id, Json.encode(message));
    }

    /** Decodes the payload as the JSON message {@code kind}; a malformed payload is a BAD_FRAME. */
    public <T> T as(Class<T> kind) throws FrameException {
        return Json.decode(payload, kind, this);
    }

    public String idString() {
        return Integer.toUnsignedString(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && f.id == id && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + id) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return type + "[id=" + idString() + ", " + payload.length + " bytes]";
    }
}
