package io.remoteshell.client.rsp;

import java.io.InterruptedIOException;

/**
 * How many more bytes of STDIN or DATA one request may send: the server's window, when it offers the
 * {@code window} feature. A sender waits here, not in a socket write, so a request whose input is not being
 * read holds back only itself: a SIGNAL (Ctrl-C), a PING or another request's frames still leave at once.
 */
final class SendWindow {

    private final boolean limited;
    private long credit;
    private boolean ended;

    private SendWindow(boolean limited, long credit) {
        this.limited = limited;
        this.credit = credit;
    }

    /** The server grants nothing: TCP alone holds the sender back. */
    static SendWindow unlimited() {
        return new SendWindow(false, 0);
    }

    static SendWindow of(long initial) {
        return new SendWindow(true, initial);
    }

    /**
     * Waits until the window is open and takes up to {@code want} bytes of it. Once the request has ended the
     * window no longer matters (the server drops late input), so everything wanted is returned at once.
     */
    synchronized int take(int want) throws InterruptedIOException {
        if (!limited) {
            return want;
        }
        while (credit <= 0 && !ended) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the server to read more input");
            }
        }
        if (ended) {
            return want;
        }
        int n = (int) Math.min(want, credit);
        credit -= n;
        return n;
    }

    synchronized void grant(long bytes) {
        if (bytes > 0) {
            credit += bytes;
            notifyAll();
        }
    }

    /** The request is over: a waiting sender goes on (and finds out when it looks at the request). */
    synchronized void end() {
        ended = true;
        notifyAll();
    }
}
