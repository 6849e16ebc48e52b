package io.remoteshell.server.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down and then stops password-guessing, per source address: each failed authentication
 * is answered after a delay that doubles with every consecutive failure (capped), and an address
 * with more than {@value #MAX_FAILURES} failures within the window is refused until the oldest
 * of them has aged out of it. A success clears the consecutive count but not the window.
 */
public final class AuthThrottle {

    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofSeconds(60);
    private static final int MAX_DOUBLINGS = 3;
    private static final int MAX_TRACKED_ADDRESSES = 10_000;

    private final Duration baseDelay;
    private final Map<String, Record> byAddress = new ConcurrentHashMap<>();

    public AuthThrottle(Duration baseDelay) {
        this.baseDelay = baseDelay;
    }

    /** Empty when {@code address} may try to authenticate; otherwise how long until it may. */
    public Duration retryAfter(String address) {
        Record r = byAddress.get(address);
        if (r == null) {
            return Duration.ZERO;
        }
        synchronized (r) {
            long now = System.nanoTime();
            r.expire(now);
            if (r.failures.size() <= MAX_FAILURES) {
                return Duration.ZERO;
            }
            // Allowed again once enough failures left the window to be back at the limit.
            long oldestThatMustExpire = r.failures.toArray(new Long[0])[r.failures.size() - MAX_FAILURES - 1];
            return Duration.ofNanos(Math.max(0, oldestThatMustExpire + WINDOW.toNanos() - now));
        }
    }

    /** Records a failure and returns how long to wait before answering it. */
    public Duration failed(String address) {
        if (byAddress.size() > MAX_TRACKED_ADDRESSES) {
            pruneIdle();
        }
        Record r = byAddress.computeIfAbsent(address, a -> new Record());
        synchronized (r) {
            long now = System.nanoTime();
            r.expire(now);
            r.failures.addLast(now);
            r.consecutive = Math.min(r.consecutive + 1, MAX_DOUBLINGS + 1);
            return baseDelay.multipliedBy(1L << (r.consecutive - 1));
        }
    }

    public void succeeded(String address) {
        Record r = byAddress.get(address);
        if (r != null) {
            synchronized (r) {
                r.consecutive = 0;
            }
        }
    }

    private void pruneIdle() {
        long now = System.nanoTime();
        byAddress.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                e.getValue().expire(now);
                return e.getValue().failures.isEmpty();
            }
        });
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
