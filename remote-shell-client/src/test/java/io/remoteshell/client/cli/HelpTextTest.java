package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The help a person reads at an 80-column terminal, and the README's commands as they are pasted. */
class HelpTextTest {

    @Test
    void helpAtEightyColumnsNeverBreaksAWord() {
        CommandLine cli = new CommandLine(new Rshell());
        List<CommandLine> all = new ArrayList<>(List.of(cli));
        all.addAll(cli.getSubcommands().values());
        for (CommandLine command : all) {
            command.setUsageHelpWidth(80);
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> rendered = List.of(help.split("\n"));
            for (String line : rendered) {
                assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
            }
            for (String word : words(command.getCommandSpec())) {
                // A word longer than its column can only be cut; none of ours is.
                assertTrue(rendered.stream().anyMatch(l -> l.contains(word)),
                        "\"" + word + "\" is broken across lines in:\n" + help);
            }
        }
    }

    @Test
    void theHelpOfMinusONamesEveryKeyRshellSupports() {
        String help = String.join(" ", new CommandLine(new Rshell()).getCommandSpec().findOption("-o").description());
        for (String key : io.remoteshell.client.ssh.SshConfig.SUPPORTED) {
            assertTrue(help.contains(key), "-o's help does not name " + key + ": " + help);
        }
    }

    private static List<String> words(CommandSpec spec) {
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (OptionSpec option : spec.options()) {
            texts.addAll(List.of(option.description()));
        }
        List<String> words = new ArrayList<>();
        for (String text : texts) {
            for (String w : text.split("\\s+|%n")) {
                if (!w.isBlank() && !w.contains("${")) {
                    words.add(w);
                }
            }
        }
        return words;
    }

    @Test
    void theReadmeNeedsNoUserVariable() throws IOException {
        // $USER is unset in many containers: `users/$USER/authorized_keys` would then name the wrong file.
        Path readme = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        String text = Files.readString(readme);
        assertFalse(text.contains("$USER"), "README.md uses $USER; write $(id -un)");
    }
}
