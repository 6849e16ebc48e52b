package io.remoteshell.server.rsp;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Ids of requests that ended lately. A client may still be sending STDIN, DATA or SIGNAL for
 * a request whose EXIT or ERROR is on its way to it: those frames crossed on the wire and are
 * dropped quietly instead of being answered as frames for an unknown id. Bounded: the oldest go first.
 */
final class RecentIds {

    private static final int CAPACITY = 256;
    private final Set<Integer> ids = new LinkedHashSet<>();

    synchronized void add(int id) {
        ids.remove(id);
        ids.add(id);
        if (ids.size() > CAPACITY) {
            ids.remove(ids.iterator().next());
        }
    }

    synchronized boolean contains(int id) {
        return ids.contains(id);
    }

    synchronized void remove(int id) {
        ids.remove(id);
    }
}
