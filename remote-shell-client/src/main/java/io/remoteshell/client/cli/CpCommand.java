package io.remoteshell.client.cli;

import io.remoteshell.client.RemoteCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rshell cp [-r] SRC... DST}, as scp: the rules are {@link RemoteCopy}'s, this reads the operands. */
@CommandLine.Command(name = "cp", mixinStandardHelpOptions = true,
        customSynopsis = "rshell cp [-r] [OPTIONS] SRC... DST",
        // Every line fits 80 columns as written: picocli would otherwise break paths at their dots and slashes.
        description = {
            "Copies files (and with -r directories) to or from a host, as scp does; either",
            "side may be remote: [USER@]HOST:PATH (ssh; PATH from the remote home), or",
            "rsp://USER@HOST[:PORT]/PATH, rsps://... or ssh://... (an absolute PATH).",
            "Into an existing directory each SRC keeps its name; otherwise DST is the name",
            "of the copy. Several SRCs, or DST ending in /, need DST to be an existing",
            "directory. Modes are kept, every file's SHA-256 is verified, and a file",
            "appears under its name only once complete. Between two hosts the copy goes",
            "through a private local directory (as scp -3). Options may follow operands.",
            "Exit status: 0; 1 when a copy failed; 2 for usage errors; 255 when a",
            "connection or authentication failed."
        },
        footer = {"", LoginOptions.TARGET_HELP, LoginOptions.TOKEN_HELP, LoginOptions.SSH_HELP})
final class CpCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Rshell parent;

    @CommandLine.Mixin
    LoginOptions login;

    @Option(names = "-r", description = "copy directories with everything they hold")
    boolean recursive;

    @Parameters(arity = "2..*", paramLabel = "SRC... DST", hideParamSyntax = true,
            description = {"what to copy, then where: local paths,", "[USER@]HOST:PATH or URIs"})
    List<String> operands = new ArrayList<>();

    @Override
    public Integer call() {
        LoginOptions options = login.after(parent.login);
        try {
            List<CopyOperand> all = operands.stream().map(CopyOperand::parse).toList();
            for (CopyOperand o : all) {
                if (o.onEveryHost()) {
                    throw new Failure(Failure.USAGE, "no host before the colon in " + o
                            + ": write HOST:PATH (or, with -H HOSTS, :PATH for every host); ./" + o + " for a local file");
                }
            }
            List<CopyOperand> sources = all.subList(0, all.size() - 1);
            CopyOperand destination = all.get(all.size() - 1);
            Set<String> sourceHosts = new LinkedHashSet<>();
            sources.forEach(s -> sourceHosts.add(s.isLocal() ? null : s.target()));
            if (sourceHosts.size() > 1) {
                throw new Failure(Failure.USAGE, "the sources are on different hosts (or some local): copy from one place at a time");
            }
            String sourceHost = sourceHosts.iterator().next();
            List<String> paths = sources.stream().map(CopyOperand::path).toList();
            if (sourceHost == null && destination.isLocal()) {
                throw new Failure(Failure.USAGE, "both sides are local: name a remote side as HOST:PATH or with a URI (or use cp)");
            }
            if (sourceHost == null) {
                return upload(options, paths.stream().map(Path::of).toList(), destination);
            }
            if (destination.isLocal()) {
                Path into = Transfer.localDestination(destination.path());
                return Transfer.run(options, sourceHost, "cp", (session, progress) ->
                        copier(session, progress).download(paths, into));
            }
            return throughHere(options, sourceHost, paths, destination);
        } catch (Failure f) {
            return Rshell.fail(f, System.err);
        }
    }

    private int upload(LoginOptions options, List<Path> locals, CopyOperand destination) {
        return Transfer.run(options, destination.target(), "cp", (session, progress) ->
                copier(session, progress).upload(locals, destination.path()));
    }

    private RemoteCopy copier(io.remoteshell.client.Session session, Transfer.ProgressBars progress) {
        return RemoteCopy.over(session).recursive(recursive).listeners(name -> progress.forFile("cp " + name));
    }

    /** Host to host, as scp -3: into a private local directory, then from it; the directory goes either way. */
    private int throughHere(LoginOptions options, String sourceHost, List<String> paths, CopyOperand destination) throws Failure {
        Path staging;
        try {
            staging = Files.createTempDirectory("rshell-cp-");
        } catch (IOException e) {
            throw new Failure(Failure.FAILED, "cannot make a local directory to copy through: " + Failure.describe(e));
        }
        try {
            int fetched = Transfer.run(options, sourceHost, "cp", (session, progress) ->
                    copier(session, progress).download(paths, staging));
            if (fetched != 0) {
                return fetched;
            }
            // Each source arrived under its own name; sent on in the order given, the destination's rules apply as usual.
            List<Path> staged = paths.stream().map(p -> staging.resolve(RemoteCopy.baseName(p))).distinct().toList();
            return upload(options, staged, destination);
        } finally {
            removeTree(staging);
        }
    }

    private static void removeTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> tree = walk.toList();
            // A copied 0555 directory could not be emptied otherwise.
            tree.stream().filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(true, true));
            for (Path p : tree.stream().sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("rshell: warning: could not remove " + root + ": " + Failure.describe(e));
        }
    }
}
