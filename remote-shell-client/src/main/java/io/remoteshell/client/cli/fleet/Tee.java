package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.fleet.FleetListener;
import io.remoteshell.client.fleet.HostResult;
import java.io.IOException;
import java.util.List;

/** Hands each call to several listeners, in order (--out-dir with --group). */
final class Tee implements FleetListener {

    private final List<FleetListener> listeners;

    Tee(List<FleetListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void stdout(String host, byte[] bytes, int offset, int length) throws IOException {
        for (FleetListener l : listeners) {
            l.stdout(host, bytes, offset, length);
        }
    }

    @Override
    public void stderr(String host, byte[] bytes, int offset, int length) throws IOException {
        for (FleetListener l : listeners) {
            l.stderr(host, bytes, offset, length);
        }
    }

    @Override
    public void finished(HostResult result) {
        for (FleetListener l : listeners) {
            l.finished(result);
        }
    }
}
