package io.remoteshell.client.fleet;

import io.remoteshell.client.RemoteShellException;
import java.time.Duration;

/**
 * A host did not finish within the fleet's {@link Fleet.Builder#hostTimeout host timeout}: its command was killed and
 * its session closed.
 */
public final class HostTimeoutException extends RemoteShellException {

    HostTimeoutException(String host, Duration limit) {
        super(host + " did not finish within " + Durations.seconds(limit) + "; its command was killed");
    }
}
