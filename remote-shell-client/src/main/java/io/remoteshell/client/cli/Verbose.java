package io.remoteshell.client.cli;

import java.io.PrintStream;

/** What {@code -v} shows: the steps rshell takes, one line each on stderr, as {@code ssh -v} shows its own. */
final class Verbose {

    static final Verbose OFF = new Verbose(0, System.err);

    private final int level;
    private final PrintStream err;

    Verbose(int level, PrintStream err) {
        this.level = level;
        this.err = err;
    }

    boolean on() {
        return level > 0;
    }

    int level() {
        return level;
    }

    void say(String step) {
        if (level > 0) {
            err.println("rshell: " + step);
        }
    }
}
