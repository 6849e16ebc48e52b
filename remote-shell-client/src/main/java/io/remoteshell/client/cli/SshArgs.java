package io.remoteshell.client.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Puts rshell's arguments in the order picocli reads them, taking them the way ssh does: options before TARGET,
 * then more options right after it ({@code rshell root@host -p 2222 uname}), then the first other word starts the
 * remote command, whose own dashes are left alone ({@code rshell host ls -la}). A {@code --} ends the options.
 */
final class SshArgs {

    private SshArgs() {
    }

    /**
     * @param spec the command whose options these are (which of them take a value comes from it)
     * @return options, TARGET, COMMAND..., in that order; {@code args} as they are when the first word is a subcommand
     */
    static String[] reorder(CommandSpec spec, String[] args) {
        List<String> options = new ArrayList<>();
        List<String> words = new ArrayList<>();
        boolean optionsEnded = false;
        boolean targetSeen = false;
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.equals("--") && !optionsEnded) {
                optionsEnded = true;
                i++;
                continue;
            }
            if (optionsEnded || !isOption(arg)) {
                if (targetSeen) {
                    break;
                }
                if (!optionsEnded && spec.subcommands().containsKey(arg)) {
                    return args;
                }
                words.add(arg);
                targetSeen = true;
                // ssh reads options again after the host, until `--` or the first other word.
                optionsEnded = false;
                i++;
                continue;
            }
            int n = Math.min(wordsTaken(spec, arg), args.length - i);
            for (int k = 0; k < n; k++) {
                options.add(args[i + k]);
            }
            i += n;
        }
        List<String> out = new ArrayList<>(options);
        if (!words.isEmpty() || i < args.length) {
            // From here on everything is a positional word: TARGET, then the command, dashes and all.
            out.add("--");
        }
        out.addAll(words);
        for (; i < args.length; i++) {
            out.add(args[i]);
        }
        return out.toArray(String[]::new);
    }

    private static boolean isOption(String arg) {
        return arg.length() > 1 && arg.charAt(0) == '-';
    }

    /** 2 when {@code arg} is an option whose value is the next word, else 1 (unknown options too: picocli names them). */
    private static int wordsTaken(CommandSpec spec, String arg) {
        if (arg.startsWith("--")) {
            if (arg.equals("--") || arg.contains("=")) {
                return 1;
            }
            OptionSpec option = spec.findOption(arg);
            return option != null && takesValue(option) ? 2 : 1;
        }
        // A cluster of short options (-tt, -nT, -p2222, -oPort=22): the first that takes a value takes the rest of the
        // word, or the next word when nothing of this one is left.
        for (int j = 1; j < arg.length(); j++) {
            OptionSpec option = spec.findOption(arg.charAt(j));
            if (option == null) {
                return 1;
            }
            if (takesValue(option)) {
                return j == arg.length() - 1 ? 2 : 1;
            }
        }
        return 1;
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().max() > 0;
    }
}
