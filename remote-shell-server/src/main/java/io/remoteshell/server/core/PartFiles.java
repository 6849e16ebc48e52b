package io.remoteshell.server.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the uploads in progress are, so that a server killed in the middle of one (SIGKILL, power loss) can
 * remove what it left: for each temporary file, a symbolic link to it in STATE/incoming, removed when the upload
 * ends either way. The next start follows the links it finds and deletes their targets, but only files named as
 * uploads name them ({@code .NAME.N.rshell-part}), so a link that was tampered with cannot delete anything else.
 */
public final class PartFiles {

    static final String SUFFIX = ".rshell-part";
    private static final Logger LOG = LoggerFactory.getLogger(PartFiles.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private PartFiles(Path dir) {
        this.dir = dir;
    }

    /** The registry of {@code stateDir}, after removing what a previous run left behind. */
    public static PartFiles open(Path stateDir) throws IOException {
        Path dir = stateDir.resolve("incoming");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        PartFiles files = new PartFiles(dir);
        files.removeLeftovers();
        return files;
    }

    /** A registry that records nothing, for callers without a state directory. */
    public static PartFiles none() {
        return new PartFiles(null);
    }

    /** Whether {@code name} is one that {@link IncomingFile} gives its temporary files. */
    static boolean isPartName(String name) {
        return name.startsWith(".") && name.endsWith(SUFFIX) && name.length() > 1 + SUFFIX.length();
    }

    private void removeLeftovers() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
            for (Path link : links) {
                try {
                    if (Files.isSymbolicLink(link)) {
                        Path part = Files.readSymbolicLink(link);
                        if (part.isAbsolute() && part.getFileName() != null && isPartName(part.getFileName().toString())
                                && Files.deleteIfExists(part)) {
                            removed++;
                        }
                    }
                    Files.deleteIfExists(link);
                } catch (IOException e) {
                    LOG.warn("cannot remove the unfinished upload {} points to: {}", link, e.getMessage());
                }
            }
        }
        if (removed > 0) {
            LOG.info("removed {} unfinished upload(s) an earlier run left behind", removed);
        }
    }

    /** Records {@code part}; returns the record to pass to {@link #forget}, or null when nothing was recorded. */
    Path remember(Path part) {
        if (dir == null) {
            return null;
        }
        byte[] name = new byte[12];
        RANDOM.nextBytes(name);
        Path link = dir.resolve(HexFormat.of().formatHex(name));
        try {
            return Files.createSymbolicLink(link, part.toAbsolutePath());
        } catch (IOException e) {
            LOG.warn("cannot record the upload {} in {}: {}; a crash now would leave it behind", part, dir, e.getMessage());
            return null;
        }
    }

    void forget(Path record) {
        if (record != null) {
            try {
                Files.deleteIfExists(record);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", record, e.toString());
            }
        }
    }
}
