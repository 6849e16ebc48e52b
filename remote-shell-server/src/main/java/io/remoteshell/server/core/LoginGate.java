package io.remoteshell.server.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The connections of one port that have not authenticated yet, kept apart from the sessions: at most {@code
 * total} of them, at most {@code perSource} from one address, and none for longer than the log-in deadline,
 * however its bytes trickle in. Like OpenSSH's MaxStartups, but when the pool is full the newcomer is not the
 * one refused: the oldest unauthenticated connection of the address holding most slots is dropped to make room.
 * So an attacker who opens hundreds of idle or dripping connections only ever holds the newest ones, and a
 * user who connects and logs in promptly always gets in (from another address even while the attack goes on);
 * to keep a slot one has to finish authenticating.
 */
public final class LoginGate implements AutoCloseable {

    private final int total;
    private final int perSource;
    private final Duration deadline;
    /** Oldest first. */
    private final LinkedHashSet<Ticket> waiting = new LinkedHashSet<>();
    private final Map<String, Integer> bySource = new HashMap<>();
    private final ScheduledExecutorService timer;

    private final boolean ownTimer;

    /** A gate with a timer thread of its own, stopped by {@link #close()}. */
    public LoginGate(int total, int perSource, Duration deadline, String name) {
        this(total, perSource, deadline, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-login-deadline");
            t.setDaemon(true);
            return t;
        }), true);
    }

    /** A gate whose deadline checks run on {@code timer}, which its owner stops. */
    public LoginGate(int total, int perSource, Duration deadline, ScheduledExecutorService timer) {
        this(total, perSource, deadline, timer, false);
    }

    private LoginGate(int total, int perSource, Duration deadline, ScheduledExecutorService timer, boolean ownTimer) {
        this.total = total;
        this.perSource = perSource;
        this.deadline = deadline;
        this.timer = timer;
        this.ownTimer = ownTimer;
        long period = Math.max(50, Math.min(1000, deadline.toMillis() / 10));
        timer.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    /** Why a connection is dropped, for its {@code drop} callback to tell the peer and the log. */
    public enum Reason {
        /** The log-in took longer than the deadline. */
        DEADLINE,
        /** A newer connection needed its slot. */
        MAKE_ROOM
    }

    /** One unauthenticated connection's slot. */
    public final class Ticket {
        private final String source;
        private final long admitted = System.nanoTime();
        private final Consumer<Reason> drop;
        private boolean done;

        private Ticket(String source, Consumer<Reason> drop) {
            this.source = source;
            this.drop = drop;
        }

        /** The connection authenticated (or closed): its slot is free, and it is never dropped by the gate. */
        public void release() {
            synchronized (LoginGate.this) {
                if (done) {
                    return;
                }
                done = true;
                waiting.remove(this);
                bySource.computeIfPresent(source, (k, n) -> n > 1 ? n - 1 : null);
            }
        }

        /** False when the gate already dropped it (it is closing). */
        public boolean isOpen() {
            synchronized (LoginGate.this) {
                return !done;
            }
        }
    }

    /**
     * Admits a new unauthenticated connection from {@code source}, dropping others to make room if need be. The
     * {@code drop} callback closes the connection; it runs on the caller's thread or the gate's timer, never with
     * the gate's lock held.
     */
    public Ticket admit(String source, Consumer<Reason> drop) {
        List<Ticket> evicted = new ArrayList<>();
        Ticket ticket = new Ticket(source, drop);
        synchronized (this) {
            if (bySource.getOrDefault(source, 0) >= perSource) {
                evicted.add(remove(oldestOf(source)));
            } else if (waiting.size() >= total) {
                evicted.add(remove(oldestOf(busiestSource())));
            }
            waiting.add(ticket);
            bySource.merge(source, 1, Integer::sum);
        }
        evicted.forEach(t -> t.drop.accept(Reason.MAKE_ROOM));
        return ticket;
    }

    /** How many connections wait to authenticate now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private Ticket oldestOf(String source) {
        for (Ticket t : waiting) {
            if (t.source.equals(source)) {
                return t;
            }
        }
        throw new IllegalStateException("no unauthenticated connection from " + source);
    }

    private String busiestSource() {
        String busiest = null;
        int most = -1;
        // Ties go to the source of the oldest connection, as the iteration meets it first.
        for (Ticket t : waiting) {
            int n = bySource.get(t.source);
            if (n > most) {
                most = n;
                busiest = t.source;
            }
        }
        return busiest;
    }

    private Ticket remove(Ticket t) {
        t.done = true;
        waiting.remove(t);
        bySource.computeIfPresent(t.source, (k, n) -> n > 1 ? n - 1 : null);
        return t;
    }

    private void expire() {
        List<Ticket> late = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Ticket t : waiting) {
                if (now - t.admitted < deadline.toNanos()) {
                    break; // oldest first: the rest are younger
                }
                late.add(t);
            }
            late.forEach(this::remove);
        }
        for (Ticket t : late) {
            try {
                t.drop.accept(Reason.DEADLINE);
            } catch (RuntimeException e) {
                // Closing one connection must not stop the timer from closing the others.
            }
        }
    }

    @Override
    public void close() {
        if (ownTimer) {
            timer.shutdownNow();
        }
    }
}
