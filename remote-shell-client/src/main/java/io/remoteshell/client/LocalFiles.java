package io.remoteshell.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** What the transports need to know of local files when they upload and download them. */
public final class LocalFiles {

    private LocalFiles() {
    }

    /**
     * Where a download of {@code remote} to {@code local} goes, by cp's and scp's rules: into {@code local} under the
     * remote file's name when it is a directory, else {@code local} itself, whose directory must exist.
     *
     * @throws NoSuchFileException naming the missing directory (nothing is created)
     */
    public static Path downloadTarget(String remote, Path local) throws IOException {
        Path target = local;
        if (Files.isDirectory(local)) {
            target = local.resolve(RemoteCopy.baseName(remote));
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such local directory to download " + remote + " into");
        }
        return target;
    }

    /** The permission bits of {@code file} (0644 as 420), or null on a file system without POSIX permissions. */
    public static Integer permissionBits(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null;
        }
        int bits = 0;
        for (PosixFilePermission p : perms) {
            // The enum runs OWNER_READ .. OTHERS_EXECUTE, the order of the bits from 0400 down to 0001.
            bits |= 1 << (8 - p.ordinal());
        }
        return bits;
    }

    /** Sets the permission bits of {@code file} (0750 as 488); nothing on a file system without POSIX permissions. */
    public static void setPermissionBits(Path file, int bits) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((bits & (1 << (8 - p.ordinal()))) != 0) {
                perms.add(p);
            }
        }
        try {
            Files.setPosixFilePermissions(file, perms);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps its default permissions.
        }
    }
}
