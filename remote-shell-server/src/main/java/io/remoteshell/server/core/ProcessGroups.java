package io.remoteshell.server.core;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals a whole process group. Java can signal a single process only, so this runs
 * {@code /bin/kill -s NAME -- -PGID}; the group outlives its leader while any member lives,
 * so this also reaches the background children of a shell that already exited.
 */
public final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final String KILL = "/bin/kill";

    private ProcessGroups() {
    }

    /** Sends signal {@code name} (e.g. "TERM") to every process of group {@code pgid}; false when no process got it. */
    public static boolean signal(long pgid, String name) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        try {
            Process kill = new ProcessBuilder(KILL, "-s", name, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.getOutputStream().close();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                LOG.warn("{} -s {} -- -{} did not finish in 10 s", KILL, name, pgid);
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            LOG.error("cannot run {} to send {} to process group {}: {}", KILL, name, pgid, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
