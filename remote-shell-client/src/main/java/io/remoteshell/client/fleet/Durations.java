package io.remoteshell.client.fleet;

import java.time.Duration;
import java.util.Locale;

/** Durations as the fleet's messages show them: {@code 1.2 s}. */
final class Durations {

    private Durations() {
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
