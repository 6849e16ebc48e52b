package io.remoteshell.client.cli;

import io.remoteshell.client.Session;
import io.remoteshell.client.TransferListener;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
        LoginOptions options = login.after(before);
        try (Session session = options.to(target, Terminals.forQuestions()).open();
             Progress progress = Progress.forStderr(task, options.quiet)) {
            copy.run(session, progress.listener());
            return 0;
        } catch (Failure f) {
            return Rshell.fail(f, System.err);
        } catch (IOException e) {
            return Rshell.fail(Failure.ofTransfer(e), System.err);
        }
    }
}
