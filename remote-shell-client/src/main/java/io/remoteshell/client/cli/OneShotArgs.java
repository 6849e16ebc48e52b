package io.remoteshell.client.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The common command lines of {@code rshell} read without picocli: {@code rshell [OPTIONS] TARGET [OPTIONS] COMMAND...}
 * with rshell's everyday options, each a word of its own with its value in the next word ({@code -i KEY}, {@code -p 2222},
 * {@code --token-file F}, {@code -o K=V}, clusters of flags such as {@code -vv} or {@code -nT}). picocli builds its model of
 * rshell and of every subcommand by reflection from classes the JVM cannot keep in a class-data archive (they are Java 5
 * class files): a fifth to a third of a one-shot {@code rshell HOST true}.
 * <p>
 * Anything else (help, subcommands, {@code --}, {@code @files}, attached values, repeated options, unknown options,
 * values that look like options, no COMMAND) is left to picocli, so every message and corner case stays picocli's;
 * what is read here gives the same fields as picocli's reading of it ({@code OneShotArgsTest} compares the two).
 */
final class OneShotArgs {

    /** Words after which picocli would run a subcommand, not a remote command. */
    private static final Set<String> SUBCOMMANDS = Set.of("cp", "get", "put", "ping", "discover", "generate-completion");

    private OneShotArgs() {
    }

    /** @return rshell with its fields filled in from {@code args}, or null when picocli must read them */
    static Rshell parse(String[] args) {
        Rshell rshell = new Rshell();
        LoginOptions login = new LoginOptions();
        rshell.login = login;
        Set<String> seen = new HashSet<>();
        int verbose = 0;
        int tty = 0;
        int i = 0;
        for (String arg : args) {
            if (arg.startsWith("@")) {
                return null; // picocli reads arguments from @files
            }
        }
        while (i < args.length) {
            String arg = args[i];
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                if (rshell.target != null) {
                    break; // the remote command starts here, dashes and all
                }
                if (SUBCOMMANDS.contains(arg)) {
                    return null;
                }
                rshell.target = arg;
                i++;
                continue;
            }
            if (arg.startsWith("--")) {
                if (!seen.add(arg)) {
                    return null;
                }
                switch (arg) {
                    case "--accept-new" -> login.acceptNew = true;
                    case "--token-file" -> {
                        String value = value(args, i);
                        if (value == null) {
                            return null;
                        }
                        login.tokenFile = Path.of(value);
                        i++;
                    }
                    default -> {
                        return null;
                    }
                }
                i++;
                continue;
            }
            char first = arg.charAt(1);
            if ("plioJF".indexOf(first) >= 0) {
                if (arg.length() != 2) {
                    return null; // -p2222, -oUser=bob: picocli's
                }
                String value = value(args, i);
                if (value == null || ("plJF".indexOf(first) >= 0 && !seen.add(arg))) {
                    return null;
                }
                switch (first) {
                    case 'p' -> {
                        if (!value.matches("[1-9][0-9]{0,8}")) {
                            return null;
                        }
                        login.port = Integer.valueOf(value);
                    }
                    case 'l' -> login.user = value;
                    case 'i' -> login.identities.add(Path.of(value));
                    case 'o' -> login.sshOptions.add(value);
                    case 'J' -> login.jumpHosts = value;
                    default -> login.configFile = Path.of(value);
                }
                i += 2;
                continue;
            }
            for (int k = 1; k < arg.length(); k++) {
                char flag = arg.charAt(k);
                switch (flag) {
                    case 'v' -> verbose++;
                    case 't' -> tty++;
                    case 'q', 'n', 'T' -> {
                        if (!seen.add("-" + flag)) {
                            return null;
                        }
                        if (flag == 'q') {
                            login.quiet = true;
                        } else if (flag == 'n') {
                            rshell.noStdin = true;
                        } else {
                            rshell.noTty = true;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            i++;
        }
        if (rshell.target == null || i == args.length) {
            return null; // no TARGET (picocli's usage message), or no COMMAND (an interactive session)
        }
        rshell.command.addAll(Arrays.asList(args).subList(i, args.length));
        login.verbose = new boolean[verbose];
        Arrays.fill(login.verbose, true);
        rshell.tty = new boolean[tty];
        Arrays.fill(rshell.tty, true);
        return rshell;
    }

    /**
     * {@code rshell get|put [OPTIONS] TARGET [OPTIONS] A B}, with the same everyday options as above (a transfer's
     * login options, which picocli gives its subcommand): the copy, ready to run, or null when picocli must read the
     * line. Options after A, rshell's own options before {@code get}/{@code put}, and operands starting with a dash
     * are picocli's.
     */
    static Callable<Integer> transfer(String[] args) {
        if (args.length < 4 || !(args[0].equals("get") || args[0].equals("put"))) {
            return null;
        }
        Rshell read = parse(Arrays.copyOfRange(args, 1, args.length));
        if (read == null || read.command.size() != 2 || read.noStdin || read.noTty || read.tty.length > 0
                || read.command.get(0).startsWith("-") || read.command.get(1).startsWith("-")) {
            return null;
        }
        Rshell parent = new Rshell();
        parent.login = new LoginOptions();
        Transfer transfer = new Transfer();
        transfer.login = read.login;
        transfer.target = read.target;
        if (args[0].equals("put")) {
            PutCommand put = new PutCommand();
            put.parent = parent;
            put.transfer = transfer;
            put.local = Path.of(read.command.get(0));
            put.remote = read.command.get(1);
            return put;
        }
        GetCommand get = new GetCommand();
        get.parent = parent;
        get.transfer = transfer;
        get.remote = read.command.get(0);
        get.local = read.command.get(1);
        return get;
    }

    /** Whether TARGET names RSP/1 itself (rsp:// or rsps://, any case), so the run never reaches SSH. */
    static boolean isRsp(String target) {
        return target.regionMatches(true, 0, "rsp://", 0, 6) || target.regionMatches(true, 0, "rsps://", 0, 7);
    }

    /** The word after the option at {@code i}, or null when there is none or it could be read as an option. */
    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            return null;
        }
        String value = args[i + 1];
        return value.startsWith("-") ? null : value;
    }

    /** The words picocli would take for the same fields of a get or put, for tests. */
    static List<String> describe(Callable<Integer> copy) {
        Rshell parent;
        Transfer transfer;
        String a;
        String b;
        if (copy instanceof PutCommand put) {
            parent = put.parent;
            transfer = put.transfer;
            a = String.valueOf(put.local);
            b = put.remote;
        } else {
            GetCommand get = (GetCommand) copy;
            parent = get.parent;
            transfer = get.transfer;
            a = get.remote;
            b = get.local;
        }
        Rshell shown = new Rshell();
        shown.login = transfer.login.after(parent.login);
        shown.target = transfer.target;
        shown.command.addAll(List.of(copy.getClass().getSimpleName(), a, b));
        return describe(shown);
    }

    /** The words picocli would take for the same fields, for tests. */
    static List<String> describe(Rshell r) {
        LoginOptions l = r.login;
        return List.of(String.valueOf(r.target), String.valueOf(r.command), String.valueOf(r.noStdin),
                String.valueOf(r.noTty), Arrays.toString(r.tty), String.valueOf(r.remoteCharset),
                String.valueOf(l.tokenFile), String.valueOf(l.port), String.valueOf(l.user), String.valueOf(l.identities),
                String.valueOf(l.acceptNew), String.valueOf(l.sshOptions), String.valueOf(l.jumpHosts),
                String.valueOf(l.configFile), Arrays.toString(l.verbose), String.valueOf(l.quiet));
    }
}
