package io.remoteshell.protocol;

/** Sizes fixed by RSP/1. */
public final class Limits {
    /** Bytes of the fixed frame header: type (1), id (4), length (4). */
    public static final int HEADER_SIZE = 9;
    /** The largest payload a peer may announce by default; anything longer is FRAME_TOO_LARGE. */
    public static final int MAX_PAYLOAD = 1 << 20;
    /** The largest data chunk (STDOUT, STDERR, STDIN, DATA) a sender puts in one frame. */
    public static final int MAX_CHUNK = 64 << 10;
    /** The largest payload read before AUTH_OK: an AUTH needs far less, and nobody unauthenticated sizes our buffers. */
    public static final int MAX_AUTH_PAYLOAD = 1 << 10;
    /** The largest PING payload. */
    public static final int MAX_PING = 64;

    private Limits() {
    }
}
