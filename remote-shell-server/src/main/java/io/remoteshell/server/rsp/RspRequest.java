package io.remoteshell.server.rsp;

import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameException;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Json;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.core.AuditRecord;
import io.remoteshell.server.core.Refusal;
import io.remoteshell.server.core.RequestException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One open request of a connection. It ends exactly once, with its last frame (EXIT, END) or an
 * ERROR; after that nothing more is sent for its id, even by threads still finishing its work.
 */
abstract class RspRequest {

    protected final int id;
    protected final RspConnection conn;
    /** Its audit line, begun as it arrives. */
    private final AuditRecord record;
    private final Object sendLock = new Object();
    private boolean ended;
    /** Why the request ended early (an error code, or DISCONNECTED), null while it runs or when it ended normally. */
    protected volatile String failure;
    /** The request's share of the connection's input budget, for an EXEC with stdin or a PUT; else null. */
    protected InputBudget.Account input;

    RspRequest(int id, RspConnection conn) {
        this.id = id;
        this.conn = conn;
        this.record = AuditRecord.begin(conn.frontEnd(), conn.peer(), conn.user());
    }

    /** A frame the client sent for this request. */
    abstract void onFrame(Frame frame) throws FrameException, IOException;

    /** The connection is gone or the request failed: stop its work and release what it holds. No frames. */
    abstract void abort();

    /** Waits a little for work still running on other threads for this request (and its audit line) to finish. */
    void awaitQuiet(long millis) throws InterruptedException {
    }

    /** Opens this request's input account. */
    protected final void openInput() {
        input = conn.budget().open(id);
    }

    /**
     * Takes {@code len} bytes of input for this request from the connection's budget: with windows it never waits
     * (BAD_FRAME past the window), without it waits while the budget is full. False: the request ended, drop them.
     */
    protected final boolean receiveInput(int len) throws FrameException, IOException {
        try {
            return conn.budget().receive(input, len, conn::probe);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for input room");
        }
    }

    /** {@code len} bytes of this request's input were written (or dropped): grant them back. */
    protected final void inputConsumed(long len) {
        InputBudget.Account a = input;
        if (a != null) {
            conn.grant(conn.budget().consumed(a, len));
        }
    }

    private void endInput() {
        InputBudget.Account a = input;
        if (a != null) {
            conn.grant(conn.budget().end(a));
        }
    }

    /** Sends WINDOW for this request unless it already ended. */
    final void window(long bytes) {
        try {
            sendJson(FrameType.WINDOW, new Messages.Window(bytes));
        } catch (IOException e) {
            // Ended, or the connection is gone: nobody needs the grant.
        }
    }

    /** Sends a frame of this request unless it already ended. */
    protected final void send(FrameType type, byte[] buf, int off, int len) throws IOException {
        synchronized (sendLock) {
            if (ended) {
                throw new IOException("request " + Integer.toUnsignedString(id) + " has ended");
            }
            conn.writer().write(type, id, buf, off, len);
        }
    }

    /** As {@link #send}, for a payload behind the header's room in {@code frame} ({@link io.remoteshell.protocol.FrameWriter#writeReserved}). */
    protected final void sendReserved(FrameType type, ByteBuffer frame) throws IOException {
        synchronized (sendLock) {
            if (ended) {
                throw new IOException("request " + Integer.toUnsignedString(id) + " has ended");
            }
            conn.writer().writeReserved(type, id, frame);
        }
    }

    protected final void sendJson(FrameType type, Object message) throws IOException {
        byte[] payload = Json.encode(message);
        send(type, payload, 0, payload.length);
    }

    /** Ends the request with its final frame; false when it had already ended. */
    protected final boolean end(FrameType type, Object message) {
        synchronized (sendLock) {
            if (ended) {
                return false;
            }
            ended = true;
            // Free the id before the client can see the final frame, so it may reuse the id at once.
            conn.closed(id, this);
            try {
                conn.writer().writeJson(type, id, message);
            } catch (IOException e) {
                // The connection is gone; its reader will abort the rest.
            }
        }
        // Outside the lock: freeing this request's input may grant WINDOW to others, through their own locks.
        endInput();
        return true;
    }

    /** Ends the request with an ERROR, stopping whatever it was doing. */
    final void fail(ErrorCode code, String message) {
        if (failure == null) {
            failure = code.name();
        }
        if (end(FrameType.ERROR, new Messages.Error(code.name(), message))) {
            abort();
        }
    }

    final void fail(RequestException e) {
        fail(code(e.refusal()), e.getMessage());
    }

    /** The RSP/1 error code of a core refusal: the same names, and BAD_FRAME for a malformed request. */
    static ErrorCode code(Refusal refusal) {
        return switch (refusal) {
            case INVALID_REQUEST -> ErrorCode.BAD_FRAME;
            case EXEC_FAILED -> ErrorCode.EXEC_FAILED;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case IO_ERROR -> ErrorCode.IO_ERROR;
            case SIZE_MISMATCH -> ErrorCode.SIZE_MISMATCH;
            case CHECKSUM_MISMATCH -> ErrorCode.CHECKSUM_MISMATCH;
            case SHUTTING_DOWN -> ErrorCode.SHUTTING_DOWN;
        };
    }

    /** The connection dropped: stop without sending anything. */
    final void disconnected() {
        synchronized (sendLock) {
            if (ended) {
                return;
            }
            failure = "DISCONNECTED";
            ended = true;
        }
        endInput();
        abort();
    }

    /** Its audit line as a request of {@code kind}, with why it failed if it did; the caller adds the rest. */
    protected final AuditRecord auditRecord(String kind) {
        return record.kind(kind).error(failure);
    }
}
