package io.remoteshell.client.cli;

import io.remoteshell.client.RemoteCopy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** {@code rshell get TARGET REMOTE LOCAL}: {@code rshell cp TARGET:REMOTE LOCAL} in short, by the same rules. */
@CommandLine.Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Copies the remote file REMOTE to LOCAL, verifying its SHA-256; LOCAL is replaced only when the copy "
                + "is complete.", "As with scp: into LOCAL under the remote name when LOCAL is a directory; LOCAL ending "
                + "in / must be an existing directory. (rshell cp -r copies directories.)"},
        footer = {"", LoginOptions.TARGET_HELP, LoginOptions.TOKEN_HELP, LoginOptions.SSH_HELP})
final class GetCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Rshell parent;

    @CommandLine.Mixin
    Transfer transfer;

    @Parameters(index = "1", paramLabel = "REMOTE")
    String remote;

    @Parameters(index = "2", paramLabel = "LOCAL")
    String local;

    @Override
    public Integer call() {
        Path into;
        try {
            into = Transfer.localDestination(local);
        } catch (Failure f) {
            return Rshell.fail(f, System.err);
        }
        return transfer.run(parent.login, "get " + remote, (session, progress) ->
                RemoteCopy.over(session).listeners(name -> progress.forFile("get " + name)).download(remote, into));
    }
}
