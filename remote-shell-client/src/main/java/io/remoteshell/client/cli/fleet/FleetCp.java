package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.RemoteCopy;
import io.remoteshell.client.cli.CopyOperand;
import io.remoteshell.client.cli.LoginOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rshell -H HOSTS cp [-r] SRC... DST}, where {@code :PATH} is PATH on every host: to every host (pscp), or from
 * every host into DST/HOST/ (pslurp's layout), by {@link RemoteCopy}'s rules; get and put are its short forms.
 */
@CommandLine.Command(name = "cp", mixinStandardHelpOptions = true,
        customSynopsis = "rshell -H HOST[,HOST...] cp [-r] [OPTIONS] SRC... DST",
        description = {"Copies to or from every host at once; :PATH is PATH on each host.",
            "cp [-r] LOCAL... :DST copies to each host, as rshell cp to one does.",
            "cp [-r] :REMOTE... DIR copies each host's REMOTE into DIR/HOST/ under its",
            "name (DIR and its host directories are made when missing). Every file's",
            "SHA-256 is verified; a summary line per host and pssh's exit status follow."})
final class FleetCp implements Callable<Integer> {

    @CommandLine.ParentCommand
    FleetCli parent;

    @Mixin
    LoginOptions login;

    @Mixin
    FleetOptions fleet;

    @Option(names = "-r", description = "copy directories with everything they hold")
    boolean recursive;

    @Parameters(arity = "2..*", paramLabel = "SRC... DST", hideParamSyntax = true,
            description = "local paths, and :PATH for PATH on every host")
    List<String> operands = new ArrayList<>();

    @Override
    public Integer call() {
        List<CopyOperand> all = operands.stream().map(CopyOperand::parse).toList();
        List<CopyOperand> sources = all.subList(0, all.size() - 1);
        CopyOperand destination = all.get(all.size() - 1);
        for (CopyOperand o : all) {
            if (!o.isLocal() && !o.onEveryHost()) {
                return usage("with -H, a remote path is :PATH on every host, not " + o + " (write ./" + o
                        + " for a local file of that name)");
            }
        }
        LoginOptions options = login.after(parent.login);
        FleetOptions hosts = fleet.after(parent.fleet);
        if (sources.stream().allMatch(CopyOperand::isLocal) && destination.onEveryHost()) {
            return upload(options, hosts, sources.stream().map(s -> Path.of(s.path())).toList(), destination.path(), recursive);
        }
        if (sources.stream().allMatch(CopyOperand::onEveryHost) && destination.isLocal()) {
            return download(options, hosts, sources.stream().map(CopyOperand::path).toList(), Path.of(destination.path()), recursive);
        }
        return usage("copy either local files to :PATH on every host, or :PATHs from every host into a local directory");
    }

    /** {@code locals} to {@code remote} on every host. */
    static int upload(LoginOptions login, FleetOptions options, List<Path> locals, String remote, boolean recursive) {
        for (Path local : locals) {
            if (!Files.exists(local)) {
                System.err.println("rshell: " + local + ": no such file or directory");
                return 1;
            }
        }
        return FleetCli.copyOnEach(login, options, (host, session) ->
                RemoteCopy.over(session).recursive(recursive).upload(locals, remote));
    }

    /** {@code remotes} of every host into {@code dir}/HOST/. */
    static int download(LoginOptions login, FleetOptions options, List<String> remotes, Path dir, boolean recursive) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return usage(dir + " is not a directory; with many hosts, copies go into DIR/HOST/");
        }
        return FleetCli.copyOnEach(login, options, (host, session) ->
                RemoteCopy.over(session).recursive(recursive).download(remotes, Files.createDirectories(dir.resolve(host.fileName()))));
    }

    private static int usage(String message) {
        System.err.println("rshell: " + message);
        return 2;
    }
}
