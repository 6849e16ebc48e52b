package io.remoteshell.server.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * A file being received. The bytes go to a hidden temporary file next to the target; only when
 * the size and SHA-256 match is it fsync'd, given its mode and renamed into place (then the
 * directory is fsync'd so the rename survives a crash). Any failure, or {@link #abort()},
 * deletes the temporary file: the target is either the old file or the complete new one.
 */
public final class IncomingFile {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Path target;
    private final long size;
    private final Set<PosixFilePermission> mode;
    private final Path temp;
    private final FileChannel channel;
    private final PartFiles registry;
    private final Path record;
    private final MessageDigest sha = FileSource.sha256();
    private long received;
    private boolean finished;

    private IncomingFile(Path target, long size, Set<PosixFilePermission> mode, Path temp, FileChannel channel,
                         PartFiles registry, Path record) {
        this.registry = registry;
        this.record = record;
        this.target = target;
        this.size = size;
        this.mode = mode;
        this.temp = temp;
        this.channel = channel;
    }

    /** Starts receiving {@code size} bytes for {@code target}, recorded in {@code registry}; mode null means 0644. */
    public static IncomingFile begin(Path target, long size, String mode, PartFiles registry) throws RequestException {
        if (size < 0) {
            throw new RequestException(Refusal.INVALID_REQUEST, "\"size\" must be zero or more, not " + size);
        }
        Set<PosixFilePermission> perms = FileModes.parse(mode == null ? "0644" : mode);
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) {
            throw new RequestException(Refusal.IO_ERROR, "cannot write to " + target + ": it names no file");
        }
        if (!Files.isDirectory(dir)) {
            throw new RequestException(Refusal.IO_ERROR, "no such directory: " + dir + " (create it first)");
        }
        if (Files.isDirectory(target)) {
            throw new RequestException(Refusal.IO_ERROR, "cannot write to " + target + ": it is a directory; name the file");
        }
        requireSpace(dir, size);
        // Recorded before it exists, so that a crash at any moment leaves nothing the next start does not know of.
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + PartFiles.SUFFIX);
        Path record = registry.remember(temp);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return new IncomingFile(target, size, perms, temp, channel, registry, record);
        } catch (IOException e) {
            if (channel != null) {
                deleteQuietly(temp);
            }
            registry.forget(record);
            throw new RequestException(Refusal.IO_ERROR, "cannot create a file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses at once a file that cannot fit, rather than after the client sent gigabytes. The temporary file sits
     * next to the target, so an existing target is still there while it fills: all of {@code size} is needed.
     */
    private static void requireSpace(Path dir, long size) throws RequestException {
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new RequestException(Refusal.IO_ERROR, "cannot tell the free space in " + dir + ": " + e.getMessage(), e);
        }
        if (size > usable) {
            throw new RequestException(Refusal.IO_ERROR, "not enough space in " + dir + ": the file needs " + size
                    + " bytes, " + usable + " are available; free some space there or put the file elsewhere");
        }
    }

    public synchronized long received() {
        return received;
    }

    /** Appends bytes; SIZE_MISMATCH (and the temporary file is gone) as soon as they exceed the announced size. */
    public synchronized void write(byte[] buf, int off, int len) throws RequestException {
        if (finished) {
            return; // aborted meanwhile: the request has ended and the file is gone
        }
        if (received + len > size) {
            abort();
            throw new RequestException(Refusal.SIZE_MISMATCH,
                    "received more than the announced " + size + " bytes for " + target + "; nothing was written");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            abort();
            throw new RequestException(Refusal.IO_ERROR, "cannot write " + target + ": " + e.getMessage(), e);
        }
        sha.update(buf, off, len);
        received += len;
    }

    /**
     * Checks size and checksum, then puts the file durably in place; returns the SHA-256 hex.
     * On any mismatch or error the temporary file is deleted and the target is untouched.
     */
    public synchronized String commit(String expectedSha256) throws RequestException {
        if (finished) {
            throw new RequestException(Refusal.IO_ERROR, "the upload of " + target + " was already ended");
        }
        try {
            if (received != size) {
                throw new RequestException(Refusal.SIZE_MISMATCH,
                        "received " + received + " of the announced " + size + " bytes for " + target + "; nothing was written");
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equalsIgnoreCase(String.valueOf(expectedSha256))) {
                throw new RequestException(Refusal.CHECKSUM_MISMATCH,
                        "SHA-256 of the received bytes is " + actual + ", END announced " + expectedSha256
                                + "; nothing was written to " + target);
            }
            try {
                channel.force(true);
                channel.close();
                Files.setPosixFilePermissions(temp, mode);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                finished = true;
                registry.forget(record);
                try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                    dir.force(true);
                }
            } catch (IOException e) {
                throw new RequestException(Refusal.IO_ERROR, "cannot write " + target + ": " + e.getMessage(), e);
            }
            return actual;
        } finally {
            if (!finished) {
                abort();
            }
        }
    }

    /** Drops the transfer: the temporary file is deleted. Safe to call more than once. */
    public synchronized void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Deleting the file below is what matters.
        }
        deleteQuietly(temp);
        registry.forget(record);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Nothing better to do; the name is hidden and marked .rshell-part.
            }
        }
    }
}
