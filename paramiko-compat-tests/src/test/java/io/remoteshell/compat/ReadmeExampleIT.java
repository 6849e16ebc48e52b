package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's JUnit 5 example, taken from README.md as it is, compiles and passes in a brand-new Maven project that
 * depends only on the installed artifacts: what a test author copying it gets.
 */
class ReadmeExampleIT {

    /** The first ```java block after the README comment naming this class. */
    static String readmeExample() throws IOException {
        String readme = Files.readString(ExternalProject.REPOSITORY_ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf("(ReadmeExampleIT)");
        assertTrue(marker >= 0, "README.md has no example marked (ReadmeExampleIT)");
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(marker), "no ```java block after the ReadmeExampleIT marker in README.md");
        return block.group(1);
    }

    @Test
    @Timeout(900)
    void theReadmeJUnitExamplePassesInANewMavenProject(@TempDir Path scratch) throws IOException {
        ClientTools.require(scratch);
        String example = readmeExample();
        Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(example);
        Matcher cls = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)").matcher(example);
        assertTrue(pkg.find() && cls.find(), "the README example needs a package and a class:\n" + example);
        String file = "src/test/java/" + pkg.group(1).replace('.', '/') + "/" + cls.group(1) + ".java";

        ExternalProject project = ExternalProject.fresh("readme-junit").write(file, example);
        ClientRun.Result r = project.mvn(Duration.ofMinutes(12), "test");
        assertEquals(0, r.exit(), "the README example's project failed (it is in " + project.dir() + "):\n" + r);
        assertTrue(r.stdout().contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0"), r.stdout());
    }
}
