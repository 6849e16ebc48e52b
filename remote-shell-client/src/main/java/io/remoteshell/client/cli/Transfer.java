package io.remoteshell.client.cli;

import io.remoteshell.client.Session;
import io.remoteshell.client.TransferListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What {@code get}, {@code put} and {@code cp} share: TARGET and rshell's login options (a picocli mixin, for get
 * and put), and how one copy runs and fails.
 */
final class Transfer {

    /** One copy over an open session; {@code progress} gives the listener (a progress bar) for each file by name. */
    @FunctionalInterface
    interface Copy {
        void run(Session session, ProgressBars progress) throws IOException;
    }

    @Mixin
    LoginOptions login;

    @Parameters(index = "0", paramLabel = "TARGET", description = LoginOptions.TARGET_FORMS)
    String target;

    /** {@link #run(LoginOptions, String, String, Copy)} to this mixin's TARGET, its login options after {@code before}. */
    int run(LoginOptions before, String task, Copy copy) {
        return run(login.after(before), target, task, copy);
    }

    /**
     * Connects to {@code target}, copies with a progress bar per file, and returns the exit status: 0, or the failure's
     * (printed in one line, naming {@code task} when cancelled).
     */
    static int run(LoginOptions options, String target, String task, Copy copy) {
        Thread copying = Thread.currentThread();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        // Ctrl-C cancels the copy (its temporary file is removed on either side) and rshell exits 130, like cp.
        // The copy sees the flag at its next block. Interrupting it at once would be quicker, but an interrupt inside
        // MINA can close the whole SSH session, and with it the only way to remove the server's temporary file, so
        // the interrupt is kept for a copy that is stuck (a server that stopped reading).
        Runnable restore = onInterrupt(() -> {
            cancelled.set(true);
            Thread unstick = new Thread(() -> {
                try {
                    Thread.sleep(STUCK_AFTER.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (!done.get()) {
                    copying.interrupt();
                }
            }, "rshell-cancel");
            unstick.setDaemon(true);
            unstick.start();
        });
        try (Session session = options.to(target, Terminals.forQuestions()).open();
             ProgressBars progress = new ProgressBars(options.quiet, cancelled)) {
            copy.run(session, progress);
            return 0;
        } catch (InterruptedIOException e) {
            return cancelled(task);
        } catch (Failure f) {
            return cancelled.get() ? cancelled(task) : Rshell.fail(f, System.err);
        } catch (IOException e) {
            return cancelled.get() ? cancelled(task) : Rshell.fail(Failure.ofTransfer(e), System.err);
        } finally {
            done.set(true);
            restore.run();
        }
    }

    /** How long after Ctrl-C a copy that has not stopped by itself is interrupted. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(2);

    /**
     * A local destination as written: one ending in / must be an existing directory (a Path forgets the slash, and
     * "missing/" would otherwise become a file named "missing").
     */
    static Path localDestination(String written) throws Failure {
        Path path = Path.of(written);
        if (written.endsWith("/") && !Files.isDirectory(path)) {
            throw new Failure(Failure.FAILED, written + (Files.exists(path) ? " is not a directory" : ": no such directory")
                    + " (a destination ending in / must be an existing directory; rshell does not make it)");
        }
        return path;
    }

    /** One progress bar at a time, for the file being copied; each cancelled by Ctrl-C. */
    static final class ProgressBars implements AutoCloseable {
        private final boolean quiet;
        private final AtomicBoolean cancelled;
        private Progress current;

        ProgressBars(boolean quiet, AtomicBoolean cancelled) {
            this.quiet = quiet;
            this.cancelled = cancelled;
        }

        synchronized TransferListener forFile(String task) {
            close();
            current = Progress.forStderr(task, quiet);
            return current.listener().cancelledWhen(cancelled::get);
        }

        @Override
        public synchronized void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** The exit status after Ctrl-C, as a shell reports death by SIGINT. */
    static final int CANCELLED = 130;

    private static int cancelled(String task) {
        // Of a tree, the files copied before stay; the one being copied leaves no partial file on either side.
        System.err.println("rshell: " + task + " cancelled; no partial file was left behind");
        return CANCELLED;
    }

    /** Runs {@code action} on SIGINT instead of dying; returns what puts the previous handler back. */
    private static Runnable onInterrupt(Runnable action) {
        try {
            Signal sigint = new Signal("INT");
            SignalHandler previous = Signal.handle(sigint, s -> action.run());
            return () -> Signal.handle(sigint, previous);
        } catch (IllegalArgumentException e) {
            return () -> { }; // the JVM keeps SIGINT for itself here (-Xrs): Ctrl-C ends it as before
        }
    }
}
