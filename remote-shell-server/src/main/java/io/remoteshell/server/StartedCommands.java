package io.remoteshell.server;

import io.remoteshell.server.core.CommandSpec;
import io.remoteshell.server.core.RunningCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every command an embedded server started, numbered in order, so that a test harness can ask which of those started
 * after a given number are still running. Finished commands are forgotten as new ones arrive.
 */
final class StartedCommands {

    private record Started(long number, String description, RunningCommand command) {
        @Override
        public String toString() {
            return "\"" + description + "\" (pid " + command.pid() + ")";
        }
    }

    private final List<Started> started = new ArrayList<>();
    private long count;

    synchronized void add(CommandSpec spec, RunningCommand command) {
        started.removeIf(s -> s.command().isDone());
        started.add(new Started(count++, spec.describe(), command));
    }

    /** How many commands were started so far: the mark to pass to {@link #stillRunning}. */
    synchronized long count() {
        return count;
    }

    /**
     * The commands numbered {@code since} or later that are still running after waiting up to {@code grace} for them to
     * end (a closed connection's commands take a moment to be signalled and reaped); those are killed, process group
     * and all, so that one test's leftovers do not spill into the next.
     */
    List<String> stillRunning(long since, Duration grace) {
        List<Started> candidates;
        synchronized (this) {
            candidates = started.stream().filter(s -> s.number() >= since && !s.command().isDone()).toList();
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        try {
            CompletableFuture.allOf(candidates.stream().map(s -> s.command().completion()).toArray(CompletableFuture[]::new))
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Reported below: what is still running is the answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> left = new ArrayList<>();
        for (Started s : candidates) {
            if (!s.command().isDone()) {
                left.add(s.toString());
                s.command().kill();
            }
        }
        return left;
    }
}
