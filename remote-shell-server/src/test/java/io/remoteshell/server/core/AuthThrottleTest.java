package io.remoteshell.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failure throttle: growing delays, then refusal, per address, in a table of bounded size. */
class AuthThrottleTest {

    @Test
    void delaysDoubleThenTheAddressIsOverTheLimit() {
        AuthThrottle t = new AuthThrottle(Duration.ofMillis(10));
        assertEquals(Duration.ofMillis(10), t.failed("a"));
        assertEquals(Duration.ofMillis(20), t.failed("a"));
        assertEquals(Duration.ofMillis(40), t.failed("a"));
        assertEquals(Duration.ofMillis(80), t.failed("a"));
        assertEquals(Duration.ofMillis(80), t.failed("a"), "capped");
        for (int i = 5; i < AuthThrottle.MAX_FAILURES; i++) {
            t.failed("a");
        }
        assertTrue(t.retryAfter("a").isZero(), "at the limit, not over it");
        t.failed("a");
        assertTrue(t.retryAfter("a").compareTo(Duration.ZERO) > 0, "over the limit");
        assertTrue(t.retryAfter("b").isZero(), "other addresses are not affected");
        t.succeeded("a");
        assertEquals(Duration.ofMillis(10), t.failed("a"), "a success restarts the run of delays");
    }

    @Test
    void theTableStaysBoundedWhateverTheNumberOfAddresses() {
        AuthThrottle t = new AuthThrottle(Duration.ZERO);
        for (int i = 0; i < AuthThrottle.MAX_TRACKED_ADDRESSES * 3; i++) {
            t.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertEquals(AuthThrottle.MAX_TRACKED_ADDRESSES, t.tracked());
        for (int i = 0; i < 1000; i++) {
            t.failed("one");
        }
        assertEquals(AuthThrottle.MAX_TRACKED_ADDRESSES, t.tracked(), "one address's many failures are one entry");
    }
}
