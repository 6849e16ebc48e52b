package io.remoteshell.client.cli;

import io.remoteshell.client.HostKeys;
import io.remoteshell.client.SecretPrompt;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The questions rshell asks at the terminal: passwords and passphrases (masked, asked once and
 * remembered for reconnects, asked again only when refused) and whether to trust an unknown host key.
 */
final class TerminalPrompts implements SecretPrompt, HostKeys.UnknownHostPrompt {

    private final Supplier<Terminal> terminal;
    private final Map<String, String> remembered = new HashMap<>();

    TerminalPrompts(Supplier<Terminal> terminal) {
        this.terminal = terminal;
    }

    @Override
    public synchronized String ask(String question, boolean retry) {
        if (!retry && remembered.containsKey(question)) {
            return remembered.get(question);
        }
        if (retry) {
            terminal.get().writer().println("Permission denied, please try again.");
        }
        String answer = read(question, '*');
        if (answer != null) {
            remembered.put(question, answer);
        }
        return answer;
    }

    @Override
    public synchronized boolean accept(String hostPort, String keyType, String fingerprint) {
        Terminal t = terminal.get();
        t.writer().println("The authenticity of host '" + hostPort + "' can't be established.");
        t.writer().println(keyType + " key fingerprint is " + fingerprint + ".");
        t.writer().flush();
        while (true) {
            String answer = read("Are you sure you want to continue connecting (yes/no)? ", null);
            if (answer == null) {
                return false;
            }
            switch (answer.strip().toLowerCase(Locale.ROOT)) {
                case "yes" -> {
                    return true;
                }
                case "no" -> {
                    return false;
                }
                default -> t.writer().println("Please type 'yes' or 'no'.");
            }
        }
    }

    private String read(String question, Character mask) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal.get()).build();
        try {
            return reader.readLine(question, mask);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }
}
