package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.server.Rshelld;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `rshell generate-completion` and `rshelld generate-completion` (bin/install-completion) complete in a real bash. */
class CompletionScriptTest {

    @TempDir
    Path dir;

    private static String script(Object command) {
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("generate-completion"));
        return out.toString();
    }

    /** What bash offers for the words typed so far, the last one being completed. */
    private String complete(String script, String name, String... words) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".bash"), script);
        String line = "source " + file + "; f=$(complete -p " + name + " | sed 's/.*-F \\([^ ]*\\).*/\\1/'); "
                + "COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD=" + (words.length - 1) + "; "
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; $f; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        return out;
    }

    @Test
    void rshellCompletesItsOptionsAndSubcommands() throws Exception {
        String script = script(new Rshell());
        List<String> options = List.of(complete(script, "rshell", "rshell", "--tok").split("\n"));
        assertTrue(options.contains("--token-file"), options.toString());
        String sub = complete(script, "rshell", "rshell", "g");
        assertTrue(sub.contains("get"), sub);
    }

    @Test
    void rshelldCompletesItsUserSubcommands() throws Exception {
        String script = script(new Rshelld());
        String users = complete(script, "rshelld", "rshelld", "user", "r");
        assertTrue(users.contains("remove"), users);
    }
}
