package io.remoteshell.client.fleet;

import io.remoteshell.client.ExecResult;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * One {@link HostResult} per host of the fleet, in the fleet's order, with Fabric's {@code GroupResult} views:
 * {@link #succeeded()} and {@link #failed()}.
 */
public final class FleetResult implements Iterable<HostResult> {

    private final Map<String, HostResult> byHost;

    FleetResult(List<HostResult> results) {
        Map<String, HostResult> map = new LinkedHashMap<>();
        for (HostResult r : results) {
            map.put(r.host(), r);
        }
        this.byHost = Collections.unmodifiableMap(map);
    }

    /** The result of {@code host}. */
    public HostResult get(String host) {
        HostResult r = byHost.get(host);
        if (r == null) {
            throw new NoSuchElementException("no host " + host + " in this fleet; its hosts are " + byHost.keySet());
        }
        return r;
    }

    /** Every host's result, in the fleet's order. */
    public Map<String, HostResult> all() {
        return byHost;
    }

    /**
     * The hosts whose command exited 0, with how it ended (output included when the fleet collected it). After
     * {@link Fleet#each}, whose tasks run no command, the values are null: the keys are what counts.
     */
    public Map<String, ExecResult> succeeded() {
        Map<String, ExecResult> map = new LinkedHashMap<>();
        byHost.values().stream().filter(HostResult::isSuccess)
                .forEach(r -> map.put(r.host(), r.result().orElse(null)));
        return Collections.unmodifiableMap(map);
    }

    /** The hosts that did not succeed: a non-zero exit, a signal, a timeout, or a failure to connect or finish. */
    public Map<String, HostResult> failed() {
        return select(r -> !r.isSuccess());
    }

    /** Whether every host succeeded. */
    public boolean isSuccess() {
        return byHost.values().stream().allMatch(HostResult::isSuccess);
    }

    public int size() {
        return byHost.size();
    }

    @Override
    public Iterator<HostResult> iterator() {
        return byHost.values().iterator();
    }

    private Map<String, HostResult> select(Predicate<HostResult> which) {
        Map<String, HostResult> map = new LinkedHashMap<>();
        byHost.values().stream().filter(which).forEach(r -> map.put(r.host(), r));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "FleetResult[" + succeeded().size() + " of " + size() + " succeeded, failed: " + failed().keySet() + "]";
    }
}
