package io.remoteshell.server.core;

/**
 * Why the core will not carry out a request, in its own words: each front end maps these onto its wire
 * (RSP/1 error codes, SSH exit statuses and messages), so the core never speaks either protocol.
 */
public enum Refusal {
    /** The request itself is malformed or asks for something no request may ask for. */
    INVALID_REQUEST,
    /** The program could not be started. */
    EXEC_FAILED,
    /** The file asked for does not exist. */
    NOT_FOUND,
    /** Reading or writing a file failed on the server. */
    IO_ERROR,
    /** An upload brought more or fewer bytes than it announced. */
    SIZE_MISMATCH,
    /** An upload's bytes do not have the checksum it announced. */
    CHECKSUM_MISMATCH,
    /** The server is stopping and takes no new work. */
    SHUTTING_DOWN
}
