package io.remoteshell.client.fleet;

import io.remoteshell.client.Deadline;
import java.time.Duration;

/** What runs on this machine (the test servers' commands run here), found by a marker in the command line. */
public final class Processes {

    private Processes() {
    }

    /** How many processes have {@code marker} in their command line. */
    public static long count(String marker) {
        return count(marker, -1);
    }

    /** How many processes but {@code notPid} (the client that was given the marker) have it in their command line. */
    public static long count(String marker, long notPid) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != notPid)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .count();
    }

    /** Waits until no process has {@code marker} in its command line. */
    public static void awaitNone(String marker) {
        Deadline.await(Duration.ofSeconds(15), "no process left running with " + marker, () -> count(marker) == 0);
    }
}
