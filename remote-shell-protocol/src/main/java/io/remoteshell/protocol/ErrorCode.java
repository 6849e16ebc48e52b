package io.remoteshell.protocol;

/**
 * The codes an ERROR frame carries. The first six are the contract's; the rest name
 * the other ways a request can fail so that a client can react without parsing prose.
 */
public enum ErrorCode {
    /** Wrong user or MAC; the connection is closed after it. */
    AUTH_FAILED,
    /** A frame other than AUTH or PING before AUTH_OK; the connection is closed after it. */
    AUTH_REQUIRED,
    /** A frame announced a payload over the limit; the connection is closed after it. */
    FRAME_TOO_LARGE,
    /** Unknown type, malformed JSON, an id that is not open, a duplicate id, a missing field. */
    BAD_FRAME,
    /** The command could not be started (no such program, bad cwd). */
    EXEC_FAILED,
    /** A PUT's bytes did not match the SHA-256 its END announced; no file was left behind. */
    CHECKSUM_MISMATCH,
    /** A PUT's DATA did not add up to the size its header announced; no file was left behind. */
    SIZE_MISMATCH,
    /** A GET of a path that does not exist or is not a regular file. */
    NOT_FOUND,
    /** The server could not read or write a file. */
    IO_ERROR,
    /** The server already serves its maximum of connections; try later. */
    TOO_MANY_CONNECTIONS,
    /** This connection already has its maximum of open requests; wait for one to end. */
    TOO_MANY_REQUESTS,
    /** Too many failed authentications from this address; try later. */
    RATE_LIMITED,
    /** The server is stopping. */
    SHUTTING_DOWN,
    /** No AUTH arrived in time, or the server failed in a way that is its own fault. */
    INTERNAL;

    /** The code for a name read off the wire; unknown names (from a newer server) are INTERNAL. */
    public static ErrorCode parse(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return INTERNAL;
        }
    }
}
