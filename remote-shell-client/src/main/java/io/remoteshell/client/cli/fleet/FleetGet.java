package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.cli.LoginOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rshell -H HOSTS get REMOTE DIR}: each host's copy in DIR/HOST/, under the remote file's name (pslurp's layout). */
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
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            System.err.println("rshell: " + dir + " is not a directory; with many hosts, get copies into DIR/HOST/");
            return 2;
        }
        return FleetCli.copyOnEach(login.after(parent.login), fleet.after(parent.fleet), (host, session) -> {
            Path into = Files.createDirectories(dir.resolve(host.fileName()));
            session.get(remote, into);
        });
    }
}
