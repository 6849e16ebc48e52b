package io.remoteshell.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A brand-new Maven project, copied from {@code src/test/resources/external/NAME}, built by a separate {@code mvn}
 * against the artifacts this build has just packaged, as a user's project would be after {@code mvn install}.
 * <p>
 * The artifacts (parent pom, protocol, server, client: pom and jar) are installed into a local repository of its own,
 * {@code target/external/m2}, so the shared {@code ~/.m2} SNAPSHOTs that other builds use are never overwritten;
 * third-party artifacts and plugins come from the build's own local repository, read as a {@code file://} mirror
 * (nothing is downloaded). In the project's files, {@code @remoteshell.version@}, {@code @junit.version@} and
 * {@code @plugin:ARTIFACT@} (a plugin's version in the parent pom) are replaced with this build's values.
 * <p>
 * The jars exist from the package phase on, so tests using this are {@code *IT} classes, which the build runs in the
 * integration-test phase ({@code mvn verify}).
 */
final class ExternalProject {

    static final Path REPOSITORY_ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "external").toAbsolutePath();
    private static final Path LOCAL_REPO = WORK.resolve("m2");
    private static final List<String> MODULES = List.of("remote-shell-protocol", "remote-shell-server", "remote-shell-client");
    private static final Pattern PLACEHOLDER = Pattern.compile("@(remoteshell\\.version|junit\\.version|plugin:[\\w.-]+)@");
    private static boolean published;

    private final Path dir;

    private ExternalProject(Path dir) {
        this.dir = dir;
    }

    /** A fresh copy of {@code src/test/resources/external/NAME} in {@code target/external/projects/NAME}. */
    static ExternalProject fresh(String name) {
        Path source = Path.of("src", "test", "resources", "external", name).toAbsolutePath();
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("no external project " + source);
        }
        Path target = WORK.resolve("projects").resolve(name);
        try {
            deleteTree(target);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path f : files.toList()) {
                    Path to = target.resolve(source.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.writeString(to, fillIn(Files.readString(f, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
        return new ExternalProject(target);
    }

    Path dir() {
        return dir;
    }

    /** Adds (or replaces) a file of the project, such as a test class. */
    ExternalProject write(String relativePath, String content) {
        Path f = dir.resolve(relativePath);
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
        return this;
    }

    /** Runs {@code mvn -B ARGS} in the project with its own local repository; fails if it outlives {@code limit}. */
    ClientRun.Result mvn(Duration limit, String... args) {
        publishArtifacts();
        List<String> cmd = new ArrayList<>(List.of(maven(), "-B", "-Dstyle.color=never", "-s", settings().toString(),
                "-Dmaven.repo.local=" + LOCAL_REPO));
        cmd.addAll(List.of(args));
        String javaHome = Path.of(System.getProperty("java.home")).toString();
        return ClientRun.run(cmd, dir, Map.of("JAVA_HOME", javaHome, "MAVEN_OPTS", "-Xmx256m"), null, limit);
    }

    /** This build's version of the artifacts, as the parent pom says. */
    static String version() {
        return firstMatch(parentPom(), "<artifactId>remote-shell-parent</artifactId>\\s*<version>([^<]+)</version>", "the project version");
    }

    private static String fillIn(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = key.equals("remoteshell.version") ? version()
                    : key.equals("junit.version") ? firstMatch(parentPom(), "<junit\\.version>([^<]+)</junit\\.version>", "junit.version")
                    : firstMatch(parentPom(), "<artifactId>" + Pattern.quote(key.substring("plugin:".length()))
                            + "</artifactId>\\s*<version>([^<]+)</version>", key);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String parentPom() {
        try {
            return Files.readString(REPOSITORY_ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstMatch(String text, String regex, String what) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("cannot find " + what + " in " + REPOSITORY_ROOT.resolve("pom.xml"));
        }
        return m.group(1).strip();
    }

    /**
     * Installs the parent pom and each module's pom and jar in the local-repository layout, replacing what an earlier
     * run put there. Once per test JVM.
     */
    private static synchronized void publishArtifacts() {
        if (published) {
            return;
        }
        String version = version();
        Path group = LOCAL_REPO.resolve("io").resolve("remoteshell");
        try {
            deleteTree(group);
            install(REPOSITORY_ROOT.resolve("pom.xml"), null, "remote-shell-parent", version);
            for (String module : MODULES) {
                Path jar = REPOSITORY_ROOT.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
                if (!Files.isRegularFile(jar)) {
                    throw new AssertionError("no " + jar + ": the external-project tests run in the integration-test phase, after"
                            + " every module is packaged; run them with `mvn verify` from " + REPOSITORY_ROOT);
                }
                install(REPOSITORY_ROOT.resolve(module).resolve("pom.xml"), jar, module, version);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the artifacts into " + LOCAL_REPO, e);
        }
        published = true;
    }

    private static void install(Path pom, Path jar, String artifact, String version) throws IOException {
        Path dir = Files.createDirectories(LOCAL_REPO.resolve("io").resolve("remoteshell").resolve(artifact).resolve(version));
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Every remote repository is mirrored by the build's own local repository, so the project resolves offline. */
    private static Path settings() {
        String outer = System.getProperty("remoteshell.outerLocalRepo",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path file = WORK.resolve("settings.xml");
        String xml = """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <mirrors>
                    <mirror>
                      <id>build-local-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(outer).toUri());
        try {
            Files.createDirectories(WORK);
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String maven() {
        String home = System.getProperty("remoteshell.mavenHome", "");
        Path mvn = Path.of(home, "bin", "mvn");
        return !home.isEmpty() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
