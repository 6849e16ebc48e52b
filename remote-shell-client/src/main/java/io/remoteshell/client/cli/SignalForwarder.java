package io.remoteshell.client.cli;

import io.remoteshell.client.RemoteProcess;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Passes Ctrl-C (and TERM, HUP) to the remote command instead of dying, as ssh does, so the
 * remote side decides what an interrupt means and rshell still reports its exit status.
 */
final class SignalForwarder {

    private static final String[] FORWARDED = {"INT", "TERM", "HUP"};

    private final AtomicReference<RemoteProcess> target = new AtomicReference<>();

    /** Installs the handlers now, so that no signal slips past between starting the command and forwarding. */
    static SignalForwarder install() {
        SignalForwarder forwarder = new SignalForwarder();
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), signal -> forwarder.forward(signal));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal for itself here; leave its default behaviour.
            }
        }
        return forwarder;
    }

    /** From now on signals go to {@code process}. */
    void forwardTo(RemoteProcess process) {
        target.set(process);
    }

    private void forward(Signal signal) {
        RemoteProcess process = target.get();
        if (process == null) {
            // Nothing runs remotely yet: stop here, as a local command would.
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        try {
            process.signal(signal.getName());
        } catch (IOException e) {
            // The connection is gone; the main thread reports that.
        }
    }
}
