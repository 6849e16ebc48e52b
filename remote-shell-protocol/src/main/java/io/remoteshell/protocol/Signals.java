package io.remoteshell.protocol;

import java.util.Map;
import java.util.Set;

/**
 * Signal names as RSP/1 carries them (without the SIG prefix) and their Linux numbers.
 * A client may SIGNAL only the five of {@link #REQUESTABLE}; EXIT may name any of {@link #NUMBERS}.
 */
public final class Signals {

    public static final Set<String> REQUESTABLE = Set.of("INT", "TERM", "KILL", "HUP", "QUIT");

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25));

    private Signals() {
    }

    /** The number of a signal name, or -1 when it is not one we know. */
    public static int number(String name) {
        return name == null ? -1 : NUMBERS.getOrDefault(name, -1);
    }

    /** The name of a signal number, or null when it is not one we know. */
    public static String name(int number) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == number) {
                return e.getKey();
            }
        }
        return null;
    }
}
