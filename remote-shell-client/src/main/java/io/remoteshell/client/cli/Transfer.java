package io.remoteshell.client.cli;

import io.remoteshell.client.Session;
import io.remoteshell.client.TransferListener;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code get} and {@code put} share (a picocli mixin): TARGET, --token-file, and how one copy runs and fails. */
final class Transfer {

    /** One copy over an open session, reporting to {@code progress}. */
    @FunctionalInterface
    interface Copy {
        void run(Session session, TransferListener progress) throws IOException;
    }

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the token to authenticate with")
    Path tokenFile;

    @Parameters(index = "0", paramLabel = "TARGET", description = "rsp://USER@HOST[:PORT]")
    String target;

    /**
     * Connects, copies with a progress bar named {@code task}, and returns the exit status: 0, or the failure's
     * (printed in one line). {@code --token-file} given before the subcommand counts too.
     */
    int run(Path parentTokenFile, String task, Copy copy) {
        try (Session session = Rshell.open(target, tokenFile != null ? tokenFile : parentTokenFile);
             Progress progress = Progress.forStderr(task)) {
            copy.run(session, progress.listener());
            return 0;
        } catch (Failure f) {
            return Rshell.fail(f, System.err);
        } catch (IOException e) {
            return Rshell.fail(Failure.ofTransfer(e), System.err);
        }
    }
}
