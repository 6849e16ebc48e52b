package io.remoteshell.client.cli;

import io.remoteshell.client.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** {@code rshell get TARGET REMOTE LOCAL}. */
@CommandLine.Command(name = "get", mixinStandardHelpOptions = true,
        description = "Copies the remote file REMOTE to LOCAL, verifying its SHA-256; LOCAL is replaced only when the copy is complete.")
final class GetCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Rshell parent;

    @CommandLine.Option(names = "--token-file", paramLabel = "FILE", description = "file holding the token to authenticate with")
    Path tokenFile;

    @Parameters(index = "0", paramLabel = "TARGET", description = "rsp://USER@HOST[:PORT]")
    String target;

    @Parameters(index = "1", paramLabel = "REMOTE")
    String remote;

    @Parameters(index = "2", paramLabel = "LOCAL")
    Path local;

    @Override
    public Integer call() {
        try (Session session = Rshell.open(target, tokenFile != null ? tokenFile : parent.tokenFile);
             Progress progress = Progress.forStderr("get " + remote)) {
            session.get(remote, local, progress.listener());
            return 0;
        } catch (Failure f) {
            return Rshell.fail(f, System.err);
        } catch (IOException e) {
            return Rshell.fail(Failure.ofTransfer(e), System.err);
        }
    }
}
