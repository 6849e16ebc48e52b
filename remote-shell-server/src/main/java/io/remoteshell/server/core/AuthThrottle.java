package io.remoteshell.server.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down and then stops guessing, per source address. It penalises guesses, not people: only a wrong
 * credential is delayed (a delay that doubles with every consecutive failure, capped), and after more than
 * {@value #MAX_FAILURES} failures within the window further wrong ones are refused outright. A front end checks
 * an unguessable credential (a 256-bit token, a public-key signature) first and lets a correct one in whatever
 * this throttle says, so someone guessing wrong on a shared address never locks out the others there; only a
 * password, which can be guessed, is refused unchecked while its address is over the limit ({@link #retryAfter}).
 * <p>
 * The table is bounded: at most {@value #MAX_TRACKED_ADDRESSES} addresses, the least recently failing dropped
 * first, each keeping only the failures that still count.
 */
public final class AuthThrottle {

    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofSeconds(60);
    static final int MAX_TRACKED_ADDRESSES = 10_000;
    private static final int MAX_DOUBLINGS = 3;

    private final Duration baseDelay;
    /** Access-ordered: the eldest entry is the address that failed least recently. */
    private final LinkedHashMap<String, Record> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
            return size() > MAX_TRACKED_ADDRESSES;
        }
    };

    public AuthThrottle(Duration baseDelay) {
        this.baseDelay = baseDelay;
    }

    /** Zero when {@code address} is under the limit; otherwise how long until its wrong guesses are heard again. */
    public synchronized Duration retryAfter(String address) {
        Record r = byAddress.get(address);
        if (r == null) {
            return Duration.ZERO;
        }
        long now = System.nanoTime();
        r.expire(now);
        if (r.failures.size() <= MAX_FAILURES) {
            return Duration.ZERO;
        }
        // Allowed again once enough failures left the window to be back at the limit.
        long oldestThatMustExpire = r.failures.toArray(new Long[0])[r.failures.size() - MAX_FAILURES - 1];
        return Duration.ofNanos(Math.max(0, oldestThatMustExpire + WINDOW.toNanos() - now));
    }

    /** Records a wrong credential and returns how long to wait before answering it. */
    public synchronized Duration failed(String address) {
        Record r = byAddress.computeIfAbsent(address, a -> new Record());
        long now = System.nanoTime();
        r.expire(now);
        r.failures.addLast(now);
        // Only the failures that can still matter are kept: one more than the limit.
        while (r.failures.size() > MAX_FAILURES + 1) {
            r.failures.removeFirst();
        }
        r.consecutive = Math.min(r.consecutive + 1, MAX_DOUBLINGS + 1);
        return baseDelay.multipliedBy(1L << (r.consecutive - 1));
    }

    /** A correct credential: the address's run of consecutive failures starts again (its window does not). */
    public synchronized void succeeded(String address) {
        Record r = byAddress.get(address);
        if (r != null) {
            r.consecutive = 0;
        }
    }

    /** How many addresses the table holds now. */
    synchronized int tracked() {
        return byAddress.size();
    }

    private static final class Record {
        final Deque<Long> failures = new ArrayDeque<>();
        int consecutive;

        void expire(long now) {
            while (!failures.isEmpty() && now - failures.peekFirst() > WINDOW.toNanos()) {
                failures.removeFirst();
            }
        }
    }
}
