package io.remoteshell.client.ssh;

import io.remoteshell.client.Command;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link Command} into the one command line an SSH exec request carries: SSH has no
 * working directory, argument vector or (usable) environment of its own, so the remote
 * {@code /bin/sh -c} gets them as {@code cd}, {@code export} and a quoted {@code exec}.
 */
final class ShellQuoting {

    private ShellQuoting() {
    }

    static String commandLine(Command command) {
        StringBuilder line = new StringBuilder();
        command.cwd().ifPresent(dir -> line.append("cd -- ").append(quote(dir)).append(" || exit 1\n"));
        for (Map.Entry<String, String> e : command.env().entrySet()) {
            line.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
        }
        if (command.commandLine().isPresent()) {
            line.append(command.commandLine().get());
        } else {
            line.append("exec ").append(command.argv().stream().map(ShellQuoting::quote).collect(Collectors.joining(" ")));
        }
        return line.toString();
    }

    /** One shell word with exactly this text: single quotes, with each ' written as '\''. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
