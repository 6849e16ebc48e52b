package io.remoteshell.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads /proc to find live processes of a session. Zombies are not counted: they are dead, and
 * in a container whose init does not reap orphans they linger without running anything.
 */
public final class ProcessTable {

    private ProcessTable() {
    }

    /** Live (non-zombie) processes whose session id is {@code sid}. */
    public static long liveInSession(long sid) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(ProcessTable::stat)
                    .filter(s -> s != null && s.length > 3 && !s[0].equals("Z") && !s[0].equals("X") && Long.parseLong(s[3]) == sid)
                    .count();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
    }

    /** The fields after the command name: state, ppid, pgrp, session, ... ; null when the process is gone. */
    private static String[] stat(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
