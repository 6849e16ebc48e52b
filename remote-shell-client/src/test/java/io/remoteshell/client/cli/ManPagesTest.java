package io.remoteshell.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.server.Rshelld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The manual pages the build makes from the picocli models (parent pom: ManPageGenerator, then Asciidoctor): one for
 * each command and subcommand of rshell and rshelld, each rendered by man(1) and naming all of its options and
 * subcommands. rshelld's are in the server module's target, built before this module in the reactor.
 */
class ManPagesTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

    @Test
    void everyCommandOfRshellAndRshelldHasARenderedPageNamingItsOptionsAndSubcommands() throws Exception {
        ensureMan();
        check(new CommandLine(new Rshell()), MODULE.resolve("target/man/man1"));
        check(new CommandLine(new Rshelld()), MODULE.resolveSibling("remote-shell-server").resolve("target/man/man1"));
    }

    private static void check(CommandLine command, Path dir) throws Exception {
        String name = command.getCommandSpec().qualifiedName("-");
        Path page = dir.resolve(name + ".1");
        assertTrue(Files.isRegularFile(page), page + " was not generated (mvn process-classes makes it)");
        String text = render(page);
        assertTrue(text.contains("NAME") && text.contains("SYNOPSIS"), "not a rendered manual page:\n" + text);
        for (OptionSpec option : command.getCommandSpec().options()) {
            assertTrue(text.contains(option.longestName()), name + ".1 does not mention " + option.longestName() + ":\n" + text);
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            assertTrue(text.contains(sub.getCommandName()), name + ".1 does not list " + sub.getCommandName() + ":\n" + text);
            check(sub, dir);
        }
    }

    /** The page as man shows it, wide enough that no option name is hyphenated. */
    private static String render(Path page) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("man", "-l", page.toString());
        pb.environment().put("MANWIDTH", "200");
        pb.environment().put("MANPAGER", "cat");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "man -l " + page + ":\n" + out);
        return out;
    }

    private static synchronized void ensureMan() throws IOException, InterruptedException {
        if (run("command -v man && command -v groff") == 0) {
            return;
        }
        int status = run("apt-get install -y man-db groff-base || (apt-get update && apt-get install -y man-db groff-base)");
        if (status != 0) {
            throw new IOException("man is missing and `apt-get install -y man-db groff-base` failed (status " + status
                    + "); install them to run this test");
        }
    }

    private static int run(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of("sh", "-c", script))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
