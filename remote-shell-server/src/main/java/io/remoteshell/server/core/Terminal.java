package io.remoteshell.server.core;

/**
 * A pseudo-terminal a client asked for: the {@code TERM} name its programs should assume and the
 * window size in characters. A command given one runs as the leader of a new session with the
 * terminal as its controlling tty, so job control, Ctrl-C and full-screen programs work.
 */
public record Terminal(String term, int columns, int rows) {

    /** Sizes a client may send as 0 ("unknown", e.g. ssh -tt without a local tty) get the classic 80x24. */
    public Terminal {
        term = term == null || term.isBlank() ? "dumb" : term;
        columns = columns > 0 ? Math.min(columns, 0xFFFF) : 80;
        rows = rows > 0 ? Math.min(rows, 0xFFFF) : 24;
    }
}
