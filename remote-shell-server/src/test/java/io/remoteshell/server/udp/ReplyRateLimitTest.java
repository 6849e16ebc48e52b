package io.remoteshell.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The buckets on a clock of the test's own: exact, and no waiting. */
class ReplyRateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstThenTheSteadyRatePerAddress() throws Exception {
        ReplyRateLimit limit = new ReplyRateLimit(0);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < ReplyRateLimit.BURST; i++) {
            assertTrue(limit.allow(a, 0), "reply " + i + " of the burst");
        }
        assertFalse(limit.allow(a, 0));
        assertTrue(limit.allow(InetAddress.getByName("192.0.2.2"), 0), "another address has its own bucket");
        long t = SECOND / ReplyRateLimit.PER_SECOND;
        assertTrue(limit.allow(a, t), "one token back after 1/rate s");
        assertFalse(limit.allow(a, t));
        int later = 0;
        for (int i = 0; i < 100; i++) {
            later += limit.allow(a, 10 * SECOND) ? 1 : 0;
        }
        assertEquals(ReplyRateLimit.BURST, later, "an idle address gets at most a burst again, not its savings");
    }

    @Test
    void manyAddressesMeetTheOverallBoundAndAFixedSizeTable() throws UnknownHostException {
        ReplyRateLimit limit = new ReplyRateLimit(0);
        int allowed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] ip = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            allowed += limit.allow(InetAddress.getByAddress(ip), 0) ? 1 : 0;
        }
        assertEquals(ReplyRateLimit.TOTAL_PER_SECOND, allowed, "spoofed sources all share the overall bucket");
        assertEquals(ReplyRateLimit.MAX_SOURCES, limit.trackedSources());
    }
}
