package io.remoteshell.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** {@code rshell get TARGET REMOTE LOCAL}. */
@CommandLine.Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Copies the remote file REMOTE to LOCAL, verifying its SHA-256; LOCAL is replaced only when the copy "
                + "is complete.", "As with scp: into LOCAL under the remote name when LOCAL is a directory; LOCAL ending "
                + "in / must be an existing directory."},
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
        Path into = Path.of(local);
        if (local.endsWith("/") && !Files.isDirectory(into)) {
            // A Path forgets the slash: without this check "missing/" would become a file named "missing".
            return Rshell.fail(new Failure(Failure.FAILED, local + ": no such directory (get does not create it)"), System.err);
        }
        return transfer.run(parent.login, "get " + remote, (session, progress) -> session.get(remote, into, progress));
    }
}
