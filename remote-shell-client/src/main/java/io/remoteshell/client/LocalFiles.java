package io.remoteshell.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** What the transports need to know of local files when they upload them. */
public final class LocalFiles {

    private LocalFiles() {
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
}
