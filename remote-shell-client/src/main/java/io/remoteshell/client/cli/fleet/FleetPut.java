package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.cli.LoginOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rshell -H HOSTS put LOCAL REMOTE}: {@code cp LOCAL :REMOTE}, the one file to every host (pscp). */
@CommandLine.Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Copies the local file LOCAL to REMOTE on every host, verifying each SHA-256;",
            "into REMOTE under its own name when REMOTE is a directory."})
final class FleetPut implements Callable<Integer> {

    @CommandLine.ParentCommand
    FleetCli parent;

    @Mixin
    LoginOptions login;

    @Mixin
    FleetOptions fleet;

    @Parameters(index = "0", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "1", paramLabel = "REMOTE")
    String remote;

    @Override
    public Integer call() {
        if (Files.isDirectory(local)) {
            System.err.println("rshell: " + local + " is a directory: rshell -H HOSTS cp -r " + local + " :" + remote + " copies it");
            return 1;
        }
        return FleetCp.upload(login.after(parent.login), fleet.after(parent.fleet), List.of(local), remote, false);
    }
}
