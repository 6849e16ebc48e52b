package io.remoteshell.client.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** {@code rshell get TARGET REMOTE LOCAL}. */
@CommandLine.Command(name = "get", mixinStandardHelpOptions = true,
        description = "Copies the remote file REMOTE to LOCAL, verifying its SHA-256; LOCAL is replaced only when the copy is complete.",
        footer = {"", LoginOptions.TARGET_HELP, LoginOptions.TOKEN_HELP, LoginOptions.SSH_HELP})
final class GetCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Rshell parent;

    @CommandLine.Mixin
    Transfer transfer;

    @Parameters(index = "1", paramLabel = "REMOTE")
    String remote;

    @Parameters(index = "2", paramLabel = "LOCAL")
    Path local;

    @Override
    public Integer call() {
        return transfer.run(parent.login, "get " + remote, (session, progress) -> session.get(remote, local, progress));
    }
}
