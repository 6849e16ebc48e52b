package io.remoteshell.client.cli;

import io.remoteshell.client.Session;
import io.remoteshell.client.TransferListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** What {@code get} and {@code put} share (a picocli mixin): TARGET and rshell's login options, and how one copy runs and fails. */
final class Transfer {

    /** One copy over an open session, reporting to {@code progress}. */
    @FunctionalInterface
    interface Copy {
        void run(Session session, TransferListener progress) throws IOException;
    }

    @Mixin
    LoginOptions login;

    @Parameters(index = "0", paramLabel = "TARGET", description = LoginOptions.TARGET_FORMS)
    String target;

    /**
     * Connects, copies with a progress bar named {@code task}, and returns the exit status: 0, or the failure's
     * (printed in one line). Login options given before the subcommand ({@code before}) count too.
     */
    int run(LoginOptions before, String task, Copy copy) {
        Thread copying = Thread.currentThread();
        AtomicBoolean cancelled = new AtomicBoolean();
        // Ctrl-C cancels the copy (its temporary file is removed on either side) and rshell exits 130, like cp.
        Runnable restore = onInterrupt(() -> {
            cancelled.set(true);
            copying.interrupt();
        });
        LoginOptions options = login.after(before);
        try (Session session = options.to(target, Terminals.forQuestions()).open();
             Progress progress = Progress.forStderr(task, options.quiet)) {
            copy.run(session, progress.listener().cancelledWhen(cancelled::get));
            return 0;
        } catch (InterruptedIOException e) {
            return cancelled(task);
        } catch (Failure f) {
            return cancelled.get() ? cancelled(task) : Rshell.fail(f, System.err);
        } catch (IOException e) {
            return cancelled.get() ? cancelled(task) : Rshell.fail(Failure.ofTransfer(e), System.err);
        } finally {
            restore.run();
        }
    }

    /** The exit status after Ctrl-C, as a shell reports death by SIGINT. */
    static final int CANCELLED = 130;

    private static int cancelled(String task) {
        System.err.println("rshell: " + task + " cancelled; nothing was left behind");
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
