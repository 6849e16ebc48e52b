package io.remoteshell.client.fleet;

import io.remoteshell.client.ExecResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened on one host of a {@link Fleet}: how its command ended ({@link #result()}), or the exception that kept
 * it from running or finishing ({@link #failure()}): a {@link io.remoteshell.client.ConnectFailedException} or
 * {@link io.remoteshell.client.AuthenticationException} before it connected, a {@link HostTimeoutException}, a
 * {@link io.remoteshell.client.ConnectionLostException}, or an {@link java.io.InterruptedIOException} when the fleet
 * was cancelled.
 */
public final class HostResult {

    private final String host;
    private final ExecResult result;
    private final IOException failure;
    private final boolean connected;
    private final Duration elapsed;

    HostResult(String host, ExecResult result, IOException failure, boolean connected, Duration elapsed) {
        this.host = Objects.requireNonNull(host);
        this.result = result;
        this.failure = failure;
        this.connected = connected;
        this.elapsed = elapsed;
    }

    /** The host's name in the fleet. */
    public String host() {
        return host;
    }

    /**
     * Whether the host did what was asked: its command exited 0 (not killed, not timed out), or, for
     * {@link Fleet#each}, the task returned normally.
     */
    public boolean isSuccess() {
        return failure == null && (result == null || result.isSuccess());
    }

    /**
     * How the command ended, whatever its exit code, when it ran to its end; empty when it could not (see
     * {@link #failure()}) and for {@link Fleet#each} tasks.
     */
    public Optional<ExecResult> result() {
        return Optional.ofNullable(result);
    }

    /** Why the host could not run or finish the command; empty when it ran to its end. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether a session to the host was open (false: the failure happened while connecting or authenticating). */
    public boolean connected() {
        return connected;
    }

    /** Whether the host ran past the fleet's host timeout. */
    public boolean timedOut() {
        return failure instanceof HostTimeoutException;
    }

    /** Wall time on this side, from the start of this host's turn (connecting included) to its end. */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        String how = failure != null ? "failed: " + failure.getMessage()
                : result != null ? "exit " + result.exitCode() + result.signal().map(s -> " (signal " + s + ")").orElse("")
                : "done";
        return "HostResult[" + host + " " + how + ", " + Durations.seconds(elapsed) + "]";
    }
}
