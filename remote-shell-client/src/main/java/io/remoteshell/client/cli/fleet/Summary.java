package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.ChecksumMismatchException;
import io.remoteshell.client.ConnectFailedException;
import io.remoteshell.client.CopyRefusedException;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.HostKeyException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteShellException;
import io.remoteshell.client.fleet.FleetResult;
import io.remoteshell.client.fleet.HostResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The line per host printed at the end ({@code [3/5] FAILURE web3 exit 2 (1.2 s)}), and the exit status, pssh's:
 * 0 every host succeeded; 3 a command was killed by a signal or timed out; else 4 a host could not connect or lost its
 * connection; else 5 a command exited non-zero (or a copy failed). 130 after Ctrl-C.
 */
final class Summary {

    static final int OK = 0;
    static final int KILLED_OR_TIMED_OUT = 3;
    static final int CONNECTION = 4;
    static final int FAILED = 5;
    static final int INTERRUPTED = 130;

    private Summary() {
    }

    static List<String> lines(FleetResult results) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (HostResult r : results) {
            i++;
            lines.add("[" + i + "/" + results.size() + "] " + (r.isSuccess() ? "SUCCESS " : "FAILURE ") + r.host()
                    + what(r));
        }
        return lines;
    }

    private static String what(HostResult r) {
        String time = " (" + seconds(r) + ")";
        if (r.failure().isPresent()) {
            IOException e = r.failure().get();
            if (r.timedOut()) {
                return " timed out" + time;
            }
            if (e instanceof InterruptedIOException) {
                return " interrupted" + time;
            }
            String why = describe(e);
            if (!r.connected()) {
                return why.startsWith("cannot connect") ? " " + why : " cannot connect: " + why;
            }
            if (e instanceof RemoteShellException && !requestLevel(e)) {
                return " connection lost: " + why + time;
            }
            return " " + why + time;
        }
        ExecResult x = r.result().orElse(null);
        if (x == null || x.isSuccess()) {
            return time;
        }
        if (x.timedOut()) {
            return " timed out (the command's own timeout)" + time;
        }
        return x.signal().map(s -> " killed by signal " + s).orElse(" exit " + x.exitCode()) + time;
    }

    static int exitStatus(FleetResult results, boolean interrupted) {
        if (interrupted) {
            return INTERRUPTED;
        }
        boolean killed = false;
        boolean connection = false;
        boolean failed = false;
        for (HostResult r : results) {
            if (r.isSuccess()) {
                continue;
            }
            IOException e = r.failure().orElse(null);
            ExecResult x = r.result().orElse(null);
            if (r.timedOut() || e instanceof InterruptedIOException || (x != null && (x.signal().isPresent() || x.timedOut()))) {
                killed = true;
            } else if (e != null && (!r.connected() || e instanceof ConnectFailedException || e instanceof AuthenticationException
                    || e instanceof HostKeyException || (e instanceof RemoteShellException && !requestLevel(e)))) {
                connection = true;
            } else {
                failed = true;
            }
        }
        return killed ? KILLED_OR_TIMED_OUT : connection ? CONNECTION : failed ? FAILED : OK;
    }

    /** Whether {@code e} ended one request (a copy refused or failed) and left the connection as it was. */
    private static boolean requestLevel(IOException e) {
        return e instanceof RemoteErrorException || e instanceof CopyRefusedException || e instanceof ChecksumMismatchException;
    }

    /** The exception's message, or its kind when it has none. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getMessage(); // the reason says it in words already
        }
        String kind = switch (e.getClass().getSimpleName()) {
            case "NoSuchFileException" -> "no such file: ";
            case "AccessDeniedException" -> "permission denied: ";
            case "FileAlreadyExistsException" -> "file exists: ";
            default -> "";
        };
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return kind + message;
    }

    private static String seconds(HostResult r) {
        return String.format(Locale.ROOT, "%.1f s", r.elapsed().toMillis() / 1000.0);
    }
}
