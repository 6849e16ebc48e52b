package io.remoteshell.server.udp;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets that bound how many probe replies leave this server: {@value #BURST} at once and
 * {@value #PER_SECOND} a second per source address, and {@value #TOTAL_PER_SECOND} a second in all. The
 * per-address table holds at most {@value #MAX_SOURCES} addresses, least recently seen dropped first, so a
 * flood from many (spoofed) addresses costs a fixed amount of memory and still meets the overall bound.
 * Used by the responder's one thread only.
 */
final class ReplyRateLimit {

    static final int BURST = 8;
    static final int PER_SECOND = 4;
    static final int TOTAL_PER_SECOND = 200;
    static final int MAX_SOURCES = 4096;

    private final Map<InetAddress, Bucket> sources = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final Bucket total;

    ReplyRateLimit(long nowNanos) {
        total = new Bucket(TOTAL_PER_SECOND, TOTAL_PER_SECOND, nowNanos);
    }

    /** Whether a reply to {@code source} may be sent now; when it may, it is counted. */
    boolean allow(InetAddress source, long nowNanos) {
        Bucket own = sources.computeIfAbsent(source, a -> new Bucket(BURST, PER_SECOND, nowNanos));
        if (!own.hasToken(nowNanos) || !total.hasToken(nowNanos)) {
            return false;
        }
        own.take();
        total.take();
        return true;
    }

    int trackedSources() {
        return sources.size();
    }

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(int capacity, int perSecond, long nowNanos) {
            this.capacity = capacity;
            this.perNano = perSecond / 1e9;
            this.tokens = capacity;
            this.last = nowNanos;
        }

        boolean hasToken(long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
            last = nowNanos;
            return tokens >= 1;
        }

        void take() {
            tokens -= 1;
        }
    }
}
