package io.remoteshell.server.core;

import io.remoteshell.protocol.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals whole process groups with kill(2) on the group id; a group outlives its leader while
 * any member lives, so this also reaches the background children of a shell that already exited.
 * <p>
 * A session can hold groups other than its leader's (a job-control shell puts each job in a group
 * of its own), and only /proc tells which. So a session-wide signal goes to the leader's group at
 * once and to the session's other groups from one scan of /proc on a background thread, which
 * serves every session signalled meanwhile: killing hundreds of commands costs hundreds of kill(2)
 * calls and one or two scans, not a scan (and a /bin/kill child) each. Where the C library cannot
 * be called (see {@link Libc}), {@code /bin/kill} sends the signals instead.
 */
public final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final String KILL = "/bin/kill";
    private static final Path PROC = Path.of("/proc");
    private static final Queue<Sweep> SWEEPS = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean SWEEP_QUEUED = new AtomicBoolean();
    private static final ThreadPoolExecutor SWEEPER = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "process-group-sweeper");
                t.setDaemon(true);
                return t;
            });

    private ProcessGroups() {
    }

    /** Sends signal {@code name} (e.g. "TERM") to every process of group {@code pgid}; false when no process got it. */
    public static boolean signal(long pgid, String name) {
        return signalGroups(List.of(pgid), name);
    }

    /**
     * Sends signal {@code name} to every process group of session {@code sid} (the session leader's pid): a job
     * control shell puts each job in a group of its own, and those must not outlive the session. The leader's
     * group has it when this returns, the session's other groups a moment later.
     */
    public static boolean signalSession(long sid, String name) {
        boolean delivered = signal(sid, name);
        SWEEPS.add(new Sweep(sid, name));
        if (SWEEP_QUEUED.compareAndSet(false, true)) {
            SWEEPER.execute(ProcessGroups::sweep);
        }
        return delivered;
    }

    /** Signals the groups of every queued session that are not the leader's own; one scan of /proc for all of them. */
    private static void sweep() {
        SWEEP_QUEUED.set(false);
        Map<Long, Set<String>> signalsBySession = new HashMap<>();
        for (Sweep s; (s = SWEEPS.poll()) != null; ) {
            signalsBySession.computeIfAbsent(s.sid(), k -> new TreeSet<>()).add(s.signal());
        }
        if (signalsBySession.isEmpty()) {
            return;
        }
        Map<String, TreeSet<Long>> groupsBySignal = new HashMap<>();
        try (Stream<Path> procs = Files.list(PROC)) {
            procs.forEach(p -> {
                String[] st = stat(p);
                if (st == null) {
                    return;
                }
                long session = Long.parseLong(st[3]);
                long group = Long.parseLong(st[2]);
                Set<String> signals = signalsBySession.get(session);
                if (signals != null && group != session) {
                    signals.forEach(sig -> groupsBySignal.computeIfAbsent(sig, k -> new TreeSet<>()).add(group));
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.debug("listing the process groups of sessions {} failed, signalled their own groups only: {}",
                    signalsBySession.keySet(), e.toString());
        }
        groupsBySignal.forEach((sig, groups) -> signalGroups(new ArrayList<>(groups), sig));
    }

    /**
     * Waits, at most {@code limit}, while process {@code pid} is in uninterruptible sleep, as a shell is between its
     * vfork and the child's exec. dash ignores a signal its vfork child receives before the exec, and holds its own
     * SIGINT until the job it then waits for ends: a Ctrl-C landing there (a SIGNAL right after EXEC) would be lost.
     */
    public static void awaitSettled(long pid, java.time.Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String[] s = stat(PROC.resolve(Long.toString(pid)));
            if (s == null || !s[0].equals("D")) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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
        for (long pgid : pgids) {
            if (pgid <= 1) {
                throw new IllegalArgumentException("refusing to signal process group " + pgid);
            }
        }
        int number = Signals.number(name);
        if (!Libc.available() || number <= 0) {
            return runKill(pgids, name);
        }
        boolean any = false;
        for (long pgid : pgids) {
            // ESRCH: the group is gone already, which is all a signal to it was for.
            any |= Libc.kill((int) -pgid, number) == 0;
        }
        return any;
    }

    private static boolean runKill(List<Long> pgids, String name) {
        List<String> cmd = new ArrayList<>(List.of(KILL, "-s", name, "--"));
        for (long pgid : pgids) {
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

    private record Sweep(long sid, String signal) {
    }
}
