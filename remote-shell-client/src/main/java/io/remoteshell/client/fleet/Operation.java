package io.remoteshell.client.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** One fleet operation: a worker pool of the fleet's parallelism runs each host's {@link HostRun}, a watchdog times them out. */
final class Operation {

    private final List<Member> members;
    private final HostRun.Work work;
    private final FleetListener listener;
    private final int parallelism;
    private final Duration hostTimeout;
    private final Duration connectTimeout;
    private final Set<HostRun> active = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    Operation(List<Member> members, HostRun.Work work, FleetListener listener, int parallelism, Duration hostTimeout,
              Duration connectTimeout) {
        this.members = members;
        this.work = work;
        this.listener = listener;
        this.parallelism = parallelism;
        this.hostTimeout = hostTimeout;
        this.connectTimeout = connectTimeout;
    }

    FleetResult run() {
        if (members.isEmpty()) {
            return new FleetResult(List.of());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, members.size()), daemonThreads("rshell-fleet-"));
        ScheduledExecutorService watchdog = hostTimeout == null ? null
                : Executors.newSingleThreadScheduledExecutor(daemonThreads("rshell-fleet-timeout-"));
        try {
            List<Future<HostResult>> futures = new ArrayList<>();
            for (Member m : members) {
                futures.add(pool.submit(() -> runHost(m, watchdog)));
            }
            pool.shutdown();
            List<HostResult> results = new ArrayList<>();
            boolean interrupted = false;
            for (Future<HostResult> f : futures) {
                while (true) {
                    try {
                        results.add(f.get());
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        cancel();
                    } catch (ExecutionException e) {
                        // Only a listener or task breaking its contract with an unchecked exception gets here.
                        cancel();
                        throw new IllegalStateException("a fleet callback failed: " + e.getCause(), e.getCause());
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new FleetResult(results);
        } finally {
            pool.shutdownNow();
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
        }
    }

    private HostResult runHost(Member m, ScheduledExecutorService watchdog) {
        HostRun run = new HostRun(m, work, hostTimeout, connectTimeout);
        HostResult result;
        if (cancelled) {
            result = run.notStarted();
        } else {
            active.add(run);
            try {
                if (cancelled) {
                    run.cancel();
                }
                result = run.run(watchdog);
            } finally {
                active.remove(run);
            }
        }
        listener.finished(result);
        return result;
    }

    void signal(String name) {
        active.forEach(run -> run.signal(name));
    }

    void cancel() {
        cancelled = true;
        active.forEach(HostRun::cancel);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
