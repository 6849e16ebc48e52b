package io.remoteshell.server.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals whole process groups. Java can signal a single process only, so this runs
 * {@code /bin/kill -s NAME -- -PGID...}; a group outlives its leader while any member lives,
 * so this also reaches the background children of a shell that already exited. Which groups
 * a session holds and which one owns its terminal are read from /proc (Linux).
 */
public final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final String KILL = "/bin/kill";
    private static final Path PROC = Path.of("/proc");

    private ProcessGroups() {
    }

    /** Sends signal {@code name} (e.g. "TERM") to every process of group {@code pgid}; false when no process got it. */
    public static boolean signal(long pgid, String name) {
        return signalGroups(List.of(pgid), name);
    }

    /**
     * Sends signal {@code name} to every process group of session {@code sid} (the session leader's pid): a job
     * control shell puts each job in a group of its own, and those must not outlive the session.
     */
    public static boolean signalSession(long sid, String name) {
        TreeSet<Long> groups = new TreeSet<>();
        groups.add(sid);
        try (Stream<Path> procs = Files.list(PROC)) {
            procs.map(ProcessGroups::stat).filter(s -> s != null && Long.parseLong(s[3]) == sid)
                    .forEach(s -> groups.add(Long.parseLong(s[2])));
        } catch (IOException | RuntimeException e) {
            LOG.debug("listing the process groups of session {} failed, signalling its own group only: {}", sid, e.toString());
        }
        return signalGroups(new ArrayList<>(groups), name);
    }

    /** The process group in the foreground of {@code pid}'s controlling terminal; empty without one or once gone. */
    public static OptionalLong foregroundGroup(long pid) {
        String[] s = stat(PROC.resolve(Long.toString(pid)));
        if (s == null) {
            return OptionalLong.empty();
        }
        long tpgid = Long.parseLong(s[5]);
        return tpgid > 1 ? OptionalLong.of(tpgid) : OptionalLong.empty();
    }

    private static boolean signalGroups(List<Long> pgids, String name) {
        List<String> cmd = new ArrayList<>(List.of(KILL, "-s", name, "--"));
        for (long pgid : pgids) {
            if (pgid <= 1) {
                throw new IllegalArgumentException("refusing to signal process group " + pgid);
            }
            cmd.add("-" + pgid);
        }
        try {
            Process kill = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.getOutputStream().close();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                LOG.warn("{} did not finish in 10 s", String.join(" ", cmd));
                return false;
            }
            // procps kill: 0 all got it, 64 some did, 1 none did.
            return kill.exitValue() == 0 || kill.exitValue() == 64;
        } catch (IOException e) {
            LOG.error("cannot run {} to send {} to process groups {}: {}", KILL, name, pgids, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, session, tty_nr, tpgid, ...; null if gone. */
    private static String[] stat(Path proc) {
        String pid = proc.getFileName().toString();
        if (pid.isEmpty() || !pid.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            String s = Files.readString(proc.resolve("stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
