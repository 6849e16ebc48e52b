package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.cli.LoginOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rshell -H HOSTS get REMOTE DIR}: {@code cp :REMOTE DIR}, each host's copy in DIR/HOST/ (pslurp's layout). */
@CommandLine.Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Copies the remote file REMOTE from every host to DIR/HOST/NAME (NAME: the",
            "remote file's name), verifying each SHA-256; DIR and its host directories are",
            "made when missing."})
final class FleetGet implements Callable<Integer> {

    @CommandLine.ParentCommand
    FleetCli parent;

    @Mixin
    LoginOptions login;

    @Mixin
    FleetOptions fleet;

    @Parameters(index = "0", paramLabel = "REMOTE")
    String remote;

    @Parameters(index = "1", paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() {
        return FleetCp.download(login.after(parent.login), fleet.after(parent.fleet), List.of(remote), dir, false);
    }
}
