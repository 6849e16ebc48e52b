package io.remoteshell.client.cli;

import io.remoteshell.client.RemoteCopy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** {@code rshell put TARGET LOCAL REMOTE}: {@code rshell cp LOCAL TARGET:REMOTE} in short, by the same rules. */
@CommandLine.Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Copies LOCAL to the remote path REMOTE, verifying its SHA-256; the server leaves nothing behind "
                + "when it fails.", "As with scp: into REMOTE under the local name when REMOTE is a directory; REMOTE "
                + "ending in / must be an existing directory. (rshell cp -r copies directories.)"},
        footer = {"", LoginOptions.TARGET_HELP, LoginOptions.TOKEN_HELP, LoginOptions.SSH_HELP})
final class PutCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Rshell parent;

    @CommandLine.Mixin
    Transfer transfer;

    @Parameters(index = "1", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "2", paramLabel = "REMOTE")
    String remote;

    @Override
    public Integer call() {
        return transfer.run(parent.login, "put " + local.getFileName(), (session, progress) ->
                RemoteCopy.over(session).listeners(name -> progress.forFile("put " + Path.of(name).getFileName())).upload(local, remote));
    }
}
