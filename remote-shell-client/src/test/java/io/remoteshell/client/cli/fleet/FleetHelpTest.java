package io.remoteshell.client.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.cli.LoginOptions;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The fleet's help as a person reads it at an 80-column terminal: no line wider, no word of its own cut in two. */
class FleetHelpTest {

    @Test
    void helpAtEightyColumnsNeverBreaksAWord() {
        CommandLine cli = new CommandLine(new FleetCli());
        List<CommandLine> all = new ArrayList<>(List.of(cli));
        all.addAll(cli.getSubcommands().values());
        for (CommandLine command : all) {
            command.setUsageHelpWidth(80);
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> lines = List.of(help.split("\n"));
            for (String line : lines) {
                assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
            }
            assertTrue(help.contains("-H=HOST[,HOST...]"), help);
            for (String word : words(command.getCommandSpec())) {
                assertTrue(lines.stream().anyMatch(l -> l.contains(word)), "\"" + word + "\" is broken across lines in:\n" + help);
            }
        }
    }

    private static List<String> words(CommandSpec spec) {
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (OptionSpec option : spec.options()) {
            // The login options' texts are rshell's own, checked with rshell's help.
            if (!(option.userObject() instanceof Field f && f.getDeclaringClass() == LoginOptions.class)) {
                texts.addAll(List.of(option.description()));
            }
        }
        List<String> words = new ArrayList<>();
        for (String text : texts) {
            for (String w : text.split("\\s+")) {
                if (!w.isBlank() && !w.contains("${")) {
                    words.add(w);
                }
            }
        }
        return words;
    }
}
