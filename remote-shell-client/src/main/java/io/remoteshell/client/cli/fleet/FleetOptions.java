package io.remoteshell.client.cli.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** The options that make rshell work on many hosts at once (a picocli mixin), with pssh's names. */
final class FleetOptions {

    @Option(names = "-H", paramLabel = "HOST", split = ",",
            description = {"run on these hosts (repeatable): a TARGET, a host", "of the --hosts file, or @GROUP for its group"})
    List<String> hosts = new ArrayList<>();

    @Option(names = "--hosts", paramLabel = "FILE",
            description = {"hosts file (repeatable): an Ansible inventory, INI", "or YAML, or one host per line; without -H, all"})
    List<Path> hostFiles = new ArrayList<>();

    @Option(names = "-P", paramLabel = "N", description = "at most N hosts at a time (default 32)")
    Integer parallelism;

    @Option(names = "--host-timeout", paramLabel = "SECONDS",
            description = {"give each host at most this long, connecting", "included; then kill its command (default: none)"})
    Double hostTimeout;

    @Option(names = "--group", description = {"print each host's output in one piece when it", "is done, not line by line"})
    boolean group;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = {"write each host's stdout to DIR/HOST.out and its", "stderr to DIR/HOST.err (print none unless --group)"})
    Path outDir;

    /** The options that select fleet mode; any of them does. */
    static final List<String> NAMES = List.of("-H", "--hosts", "-P", "--host-timeout", "--group", "--out-dir");

    /** These options, with those given before a subcommand filling in what these leave out. */
    FleetOptions after(FleetOptions before) {
        FleetOptions merged = new FleetOptions();
        merged.hosts = Stream.concat(before.hosts.stream(), hosts.stream()).toList();
        merged.hostFiles = Stream.concat(before.hostFiles.stream(), hostFiles.stream()).toList();
        merged.parallelism = parallelism != null ? parallelism : before.parallelism;
        merged.hostTimeout = hostTimeout != null ? hostTimeout : before.hostTimeout;
        merged.group = group || before.group;
        merged.outDir = outDir != null ? outDir : before.outDir;
        return merged;
    }
}
