package io.remoteshell.protocol;

/** The frame types of RSP/1, with their one-byte codes on the wire. */
public enum FrameType {
    HELLO(0x01),
    AUTH(0x02),
    AUTH_OK(0x03),
    EXEC(0x10),
    STDIN(0x11),
    STDIN_EOF(0x12),
    SIGNAL(0x13),
    WINDOW(0x14),
    STARTED(0x20),
    STDOUT(0x21),
    STDERR(0x22),
    EXIT(0x23),
    PUT(0x30),
    GET(0x31),
    FILE(0x32),
    DATA(0x33),
    END(0x34),
    ERROR(0x7D),
    PING(0x7E),
    PONG(0x7F);

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Raw bytes chunked at {@link Limits#MAX_CHUNK} a frame. */
    public boolean carriesData() {
        return this == STDIN || this == STDOUT || this == STDERR || this == DATA;
    }

    /** The type for a code read off the wire, or null when RSP/1 has no such type. */
    public static FrameType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
