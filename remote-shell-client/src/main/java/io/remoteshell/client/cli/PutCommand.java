package io.remoteshell.client.cli;

import io.remoteshell.client.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** {@code rshell put TARGET LOCAL REMOTE}. */
@CommandLine.Command(name = "put", mixinStandardHelpOptions = true,
        description = "Copies LOCAL to the remote path REMOTE, verifying its SHA-256; the server leaves nothing behind when it fails.")
final class PutCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Rshell parent;

    @CommandLine.Option(names = "--token-file", paramLabel = "FILE", description = "file holding the token to authenticate with")
    Path tokenFile;

    @Parameters(index = "0", paramLabel = "TARGET", description = "rsp://USER@HOST[:PORT]")
    String target;

    @Parameters(index = "1", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "2", paramLabel = "REMOTE")
    String remote;

    @Override
    public Integer call() {
        try (Session session = Rshell.open(target, tokenFile != null ? tokenFile : parent.tokenFile);
             Progress progress = Progress.forStderr("put " + local.getFileName())) {
            session.put(local, remote, progress.listener());
            return 0;
        } catch (Failure f) {
            return Rshell.fail(f, System.err);
        } catch (IOException e) {
            return Rshell.fail(Failure.ofTransfer(e), System.err);
        }
    }
}
