package io.remoteshell.client.repl;

import java.util.List;

/** What one line typed at the REPL asks for: a built-in, a local command, or a remote command line. */
sealed interface Action {

    /** The built-ins, for help and completion. */
    List<String> BUILTINS = List.of("cd", "exit", "get", "help", "put", "shell");

    record Nothing() implements Action {
    }

    /** {@code code} is null for a plain {@code exit}: the session's status then (0, or the last command's from a script). */
    record Exit(Integer code) implements Action {
    }

    record Help() implements Action {
    }

    record Shell() implements Action {
    }

    record Cd(String arg) implements Action {
    }

    /** {@code local} is null when the file goes into the local working directory under its remote name. */
    record Get(String remote, String local) implements Action {
    }

    /** {@code remote} is null when the file goes into the remote working directory under its local name. */
    record Put(String local, String remote) implements Action {
    }

    record Local(String commandLine) implements Action {
    }

    record Remote(String commandLine) implements Action {
    }

    /** The line used a built-in wrongly; {@code message} says how to use it. */
    record Usage(String message) implements Action {
    }

    /**
     * Reads one line. Only a built-in's own simple form is taken as the built-in: {@code cd /tmp && ls}
     * is a remote command line (whose cd, as in any subshell, does not stay).
     */
    static Action parse(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return new Nothing();
        }
        if (text.startsWith("!")) {
            String local = text.substring(1).strip();
            return local.isEmpty() ? new Usage("usage: !COMMAND runs COMMAND locally, e.g. !ls") : new Local(local);
        }
        String first = text.split("\\s+", 2)[0];
        if (!BUILTINS.contains(first) || containsShellOperator(text)) {
            return new Remote(text);
        }
        List<String> words;
        try {
            words = Words.split(text);
        } catch (IllegalArgumentException e) {
            return new Usage(first + ": " + e.getMessage());
        }
        List<String> args = words.subList(1, words.size());
        return switch (first) {
            case "exit" -> args.isEmpty() ? new Exit(null) : args.size() == 1 && args.get(0).matches("[0-9]{1,3}")
                    && Integer.parseInt(args.get(0)) <= 255 ? new Exit(Integer.parseInt(args.get(0)))
                    : new Usage("usage: exit [N] (N from 0 to 255; leaves rshell; Ctrl-D does too)");
            case "help" -> new Help();
            case "shell" -> args.isEmpty() ? new Shell() : new Usage("usage: shell (opens an interactive login shell over ssh)");
            // The remote shell expands cd's argument itself (~, $VAR, quotes), so it gets the text as typed.
            case "cd" -> args.size() <= 1 ? new Cd(text.substring(2).strip()) : new Usage("usage: cd [DIR | -]");
            case "get" -> args.size() == 1 || args.size() == 2 ? new Get(args.get(0), args.size() == 2 ? args.get(1) : null)
                    : new Usage("usage: get REMOTE [LOCAL]");
            case "put" -> args.size() == 1 || args.size() == 2 ? new Put(args.get(0), args.size() == 2 ? args.get(1) : null)
                    : new Usage("usage: put LOCAL [REMOTE]");
            default -> new Remote(text);
        };
    }

    private static boolean containsShellOperator(String text) {
        // Outside quotes these make it a shell line, not a built-in: cd /tmp && ls, get x; ls, help | less
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && !single) {
                i++;
            } else if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (!single && !dbl && ";&|<>`".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }
}
