package io.remoteshell.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A directory tree for copy tests, and what two copies of it must share. */
public final class FileTrees {

    private FileTrees() {
    }

    /** tree/ 0750 with an executable, a private file, a name with a space, one with a newline, nested and empty dirs. */
    public static Path make(Path parent) throws IOException {
        Path tree = Files.createDirectory(parent.resolve("tree"));
        write(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n".getBytes(), "rwxr-xr-x");
        byte[] big = new byte[300_000];
        new Random(5).nextBytes(big);
        write(tree.resolve("secret"), big, "rw-------");
        write(tree.resolve("with space.txt"), "spaced\n".getBytes(), "rw-r--r--");
        Path deeper = Files.createDirectories(tree.resolve("sub/deeper"));
        write(deeper.resolve("new\nline"), "nl\n".getBytes(), "rw-r-----");
        Files.createDirectory(tree.resolve("empty"));
        Files.setPosixFilePermissions(tree.resolve("sub"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-x---"));
        return tree;
    }

    private static void write(Path file, byte[] content, String mode) throws IOException {
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** Every path under {@code root} with its mode and, for files, its content: what two copies must share. */
    public static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                try {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    all.put(root.relativize(p).toString(), mode + (Files.isRegularFile(p)
                            ? " " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                            : " dir"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new AssertionError(e);
                }
            });
        }
        return all;
    }
}
