package io.remoteshell.client.cli;

import io.remoteshell.client.RemoteProcess;
import java.io.IOException;
import sun.misc.Signal;

/**
 * Passes Ctrl-C (and TERM, HUP) to the remote command instead of dying, as ssh does, so the
 * remote side decides what an interrupt means and rshell still reports its exit status.
 */
final class SignalForwarder {

    private static final String[] FORWARDED = {"INT", "TERM", "HUP"};

    private SignalForwarder() {
    }

    static void install(RemoteProcess process) {
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), signal -> forward(process, name));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal for itself here; leave its default behaviour.
            }
        }
    }

    private static void forward(RemoteProcess process, String name) {
        try {
            process.signal(name);
        } catch (IOException e) {
            // The connection is gone; the main thread reports that.
        }
    }
}
