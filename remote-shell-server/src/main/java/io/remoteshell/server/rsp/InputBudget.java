package io.remoteshell.server.rsp;

import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.FrameException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How much STDIN and PUT data one connection may have sent that is not yet in a pipe or a file: per request and
 * for the connection, so no client grows the server's memory without bound.
 * <p>
 * A client that opted in to the {@code window} feature is told how much it may send: each request starts with
 * {@link #initialWindow()} (HELLO's {@code window}) and is granted more with WINDOW as its bytes are consumed, up to
 * the per-request limit, and only while the connection as a whole stays under its limit. Room for the initial window
 * of every request the connection may still open is kept aside, so the connection never holds more than its limit.
 * Its reader never waits here; a frame past the window is BAD_FRAME for that request.
 * <p>
 * A client without windows is held back by TCP: its reader waits here, at either limit, until bytes are consumed,
 * the request ends or the connection drops. While it waits it probes the client (a PING, which a closed peer
 * answers with a reset), so a client that went away is noticed and its commands killed even though its last
 * frames are never read.
 */
final class InputBudget {

    /** How often a reader held back by a full budget checks that its client is still there. */
    static final long PROBE_MILLIS = 500;

    /** Sends a probe to the client; fails once the client is gone. */
    interface Probe {
        void send() throws IOException;
    }

    /** A grant to send: WINDOW {@code bytes} for {@code account}'s request. */
    record Grant(Account account, long bytes) {
    }

    private final boolean windowed;
    private final long perRequest;
    private final long perConnection;
    private final long initialWindow;
    private final int maxRequests;
    private final Set<Account> starved = new LinkedHashSet<>();
    /** Bytes received and not yet consumed, all requests together. */
    private long pending;
    /** With windows: what every open account may hold, credit not yet used plus pending. */
    private long outstanding;
    private int accounts;
    private boolean closed;

    InputBudget(boolean windowed, long perRequest, long perConnection, int maxRequests) {
        this.windowed = windowed;
        this.perRequest = perRequest;
        this.perConnection = perConnection;
        this.maxRequests = maxRequests;
        // Half the connection's limit is kept for the first windows of as many requests as it may open, the other
        // half is granted to the requests whose input is being consumed, up to the per-request limit each.
        this.initialWindow = Math.max(1, Math.min(perRequest, perConnection / (2L * maxRequests)));
    }

    /** The window each request starts with, as HELLO announces it. */
    static long initialWindow(long perRequest, long perConnection, int maxRequests) {
        return new InputBudget(true, perRequest, perConnection, maxRequests).initialWindow;
    }

    long initialWindow() {
        return initialWindow;
    }

    boolean windowed() {
        return windowed;
    }

    /** The input of one request (an EXEC with stdin, a PUT). */
    final class Account {
        private final int id;
        private long pending;
        private long credit;
        private boolean ended;

        private Account(int id) {
            this.id = id;
        }

        int id() {
            return id;
        }
    }

    synchronized Account open(int id) {
        Account a = new Account(id);
        accounts++;
        if (windowed) {
            a.credit = initialWindow;
            outstanding += initialWindow;
        }
        return a;
    }

    /**
     * Takes {@code len} bytes that arrived for {@code a}. With windows: BAD_FRAME past its window. Without: waits
     * while either limit is reached. False when the request ended meanwhile (drop the bytes).
     */
    boolean receive(Account a, int len, Probe probe) throws FrameException, IOException, InterruptedException {
        if (windowed) {
            synchronized (this) {
                if (a.ended) {
                    return false;
                }
                if (len > a.credit) {
                    throw new FrameException(ErrorCode.BAD_FRAME, a.id, false, "sent " + len + " bytes where the window allowed "
                            + a.credit + "; wait for WINDOW before sending more");
                }
                a.credit -= len;
                a.pending += len;
                pending += len;
                return true;
            }
        }
        while (true) {
            synchronized (this) {
                long deadline = System.nanoTime() + PROBE_MILLIS * 1_000_000;
                while (!a.ended && !closed && full(a, len)) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        break;
                    }
                    wait(left);
                }
                if (a.ended || closed) {
                    return false;
                }
                if (!full(a, len)) {
                    a.pending += len;
                    pending += len;
                    return true;
                }
            }
            probe.send();
        }
    }

    /** One chunk at a time always passes, so a limit below a chunk cannot wedge a request. */
    private boolean full(Account a, int len) {
        return (a.pending > 0 && a.pending + len > perRequest) || (pending > 0 && pending + len > perConnection);
    }

    /** {@code len} bytes of {@code a} left memory (written or dropped); returns the WINDOW grants this allows. */
    synchronized List<Grant> consumed(Account a, long len) {
        if (a.ended) {
            return List.of();
        }
        long n = Math.min(len, a.pending);
        a.pending -= n;
        pending -= n;
        if (windowed) {
            outstanding -= n;
        }
        notifyAll();
        if (!windowed) {
            return List.of();
        }
        starved.add(a);
        return grants();
    }

    /** The request ended: what it held is free, and its late bytes are dropped. */
    synchronized List<Grant> end(Account a) {
        if (a.ended) {
            return List.of();
        }
        a.ended = true;
        accounts--;
        pending -= a.pending;
        if (windowed) {
            outstanding -= a.pending + a.credit;
        }
        starved.remove(a);
        notifyAll();
        return windowed ? grants() : List.of();
    }

    /** The connection is gone: a reader waiting here stops waiting. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Tops up starved accounts towards the per-request limit, as far as the connection's limit allows after keeping
     * an initial window aside for each request it may still open. Small grants are held back to keep WINDOW
     * frames few (each wakes the client's reader and its sender, about one per DATA frame otherwise): a grant below
     * half the per-request limit (at least {@link #initialWindow}) waits while the account still has credit to send
     * with, or pending bytes whose consumption will call here again. An account with neither is granted whatever
     * there is room for, so nothing waits for ever. Holding back only ever grants less: the limits above still bound
     * what a peer can make the server hold.
     */
    private List<Grant> grants() {
        List<Grant> out = new ArrayList<>();
        long batch = Math.max(initialWindow, perRequest / 2);
        long reserved = (long) Math.max(0, maxRequests - accounts) * initialWindow;
        for (var it = starved.iterator(); it.hasNext(); ) {
            Account a = it.next();
            long room = perConnection - outstanding - reserved;
            long want = perRequest - a.credit - a.pending;
            long g = Math.min(room, want);
            if (g <= 0) {
                if (want <= 0) {
                    it.remove();
                }
                continue;
            }
            if (g < batch && (a.credit > 0 || a.pending > 0)) {
                continue;
            }
            a.credit += g;
            outstanding += g;
            out.add(new Grant(a, g));
            if (g == want) {
                it.remove();
            }
        }
        return out;
    }
}
