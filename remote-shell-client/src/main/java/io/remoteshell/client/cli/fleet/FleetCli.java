package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.Command;
import io.remoteshell.client.cli.LoginOptions;
import io.remoteshell.client.cli.Rshell;
import io.remoteshell.client.fleet.FleetListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rshell -H HOSTS COMMAND}: the command on many hosts at once, with pssh's conventions; and {@code cp},
 * {@code get} and {@code put} likewise. {@link Rshell} hands its arguments here when {@link #selected} says they ask for a fleet.
 */
@CommandLine.Command(
        name = "rshell",
        mixinStandardHelpOptions = true,
        version = "rshell 0.1.0",
        subcommands = {FleetCp.class, FleetGet.class, FleetPut.class},
        // Every line fits 80 columns as written: picocli would otherwise break words at their dots and commas.
        description = {
            "Runs COMMAND on every host of -H and --hosts, at most -P at a time. Each line",
            "of output is printed with its host in front (stderr to stderr), and a summary",
            "line per host at the end, on stderr. The words of COMMAND are joined with",
            "spaces and run by each remote /bin/sh -c; stdin is not forwarded.",
            "Exit status, pssh's: 0 when every host succeeded; 3 a command was killed by a",
            "signal or timed out; else 4 a host could not connect or lost its connection;",
            "else 5 a command exited non-zero; 130 after Ctrl-C, which stops every host's",
            "command; 1 and 2 for local and usage errors."
        },
        footer = {"",
            "HOST: a TARGET (rsp://USER@HOST[:PORT], rsps://USER@HOST[:PORT],",
            "ssh://USER@HOST[:PORT], [USER@]HOST[:PORT] for ssh), a host of a --hosts",
            "file, or @GROUP for one of its groups (@all: every host).",
            "Hosts files: Ansible inventories, INI or YAML (groups, children, ansible_host,",
            "ansible_port, ansible_user, ansible_ssh_private_key_file) with rshell_scheme",
            "(ssh, rsp or rsps), rshell_rsp_port, rshell_rsps_port and rshell_token_file;",
            "or one host per line.",
            "Nobody is asked anything: an unknown SSH host key or rsps key is refused",
            "unless --accept-new, and keys must need no passphrase."
        })
public final class FleetCli implements Callable<Integer> {

    /** A line for rshell's own --help. */
    public static final String HELP = "Many hosts: -H HOST,... or -H @GROUP --hosts FILE (see rshell -H x --help)";

    @Mixin
    LoginOptions login;

    @Mixin
    FleetOptions fleet;

    @Option(names = "-n", description = "accepted for ssh's sake: stdin is never forwarded")
    boolean noStdin;

    @Parameters(paramLabel = "COMMAND", description = "the command and its arguments")
    List<String> command = new ArrayList<>();

    FleetCli() {
    }

    /**
     * Whether {@code args} ask for a fleet: one of the fleet's options ({@code -H}, {@code --hosts}, ...) comes before
     * the first word that is not an option (TARGET, or COMMAND in a fleet), at the top or after get/put.
     */
    public static boolean selected(String[] args) {
        boolean mentioned = false;
        for (String a : args) {
            mentioned |= FleetOptions.NAMES.stream().anyMatch(a::startsWith);
        }
        if (!mentioned) {
            // The common case, decided without building the command models.
            return false;
        }
        CommandSpec spec = new CommandLine(new FleetCli()).getCommandSpec();
        CommandSpec single = new CommandLine(new Rshell()).getCommandSpec();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--") || !arg.startsWith("-") || arg.equals("-")) {
                if (spec.subcommands().containsKey(arg)) {
                    spec = spec.subcommands().get(arg).getCommandSpec();
                    single = single.subcommands().containsKey(arg) ? single.subcommands().get(arg).getCommandSpec() : single;
                    continue;
                }
                return false;
            }
            String name = arg.startsWith("--") && arg.contains("=") ? arg.substring(0, arg.indexOf('='))
                    : arg.startsWith("--") || arg.length() <= 2 ? arg : arg.substring(0, 2);
            if (FleetOptions.NAMES.contains(name)) {
                return true;
            }
            OptionSpec option = spec.findOption(name);
            if (option == null) {
                option = single.findOption(name);
            }
            boolean valueAttached = !name.equals(arg);
            if (option != null && !valueAttached && option.arity().min() > 0) {
                i += option.arity().min();
            }
        }
        return false;
    }

    /** Runs a fleet command line; returns the exit status. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FleetCli());
        cli.setStopAtPositional(true);
        // cp's operands are paths, not a command: its options may follow them, as with rshell cp to one host.
        cli.getSubcommands().get("cp").setStopAtPositional(false);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        if (command.isEmpty()) {
            System.err.println("rshell: give the COMMAND to run on every host: rshell -H HOST[,HOST...] COMMAND"
                    + " (an interactive session is for one host at a time)");
            return 2;
        }
        return runOnEach(login, fleet, Command.shell(String.join(" ", command)));
    }

    /** Picks the hosts, runs {@code command} on each with the chosen output, prints the summary; returns the status. */
    static int runOnEach(LoginOptions login, FleetOptions options, Command command) {
        return FleetRun.start(login, options).map(run -> {
            FleetListener output = run.output();
            return run.finish(f -> f.exec(command, output));
        });
    }

    /** Like {@link #runOnEach} for a file copy (no output but the summary). */
    static int copyOnEach(LoginOptions login, FleetOptions options, FleetRun.Copy copy) {
        return FleetRun.start(login, options).map(run -> run.finish(f -> f.each((host, session) -> copy.run(run.host(host), session))));
    }
}
