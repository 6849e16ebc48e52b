package io.remoteshell.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts a main class in a new JVM the way bin/ does: this JDK, the test class path, and
 * native access enabled, as the jars' manifests enable it (on JDK 22+ the native loaders of JLine and pty4j
 * would otherwise print warnings on stderr).
 */
public final class Jvm {

    private Jvm() {
    }

    public static List<String> command(String mainClass, String... jvmOptions) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return cmd;
    }
}
