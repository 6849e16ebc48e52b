package io.remoteshell.server.core;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** File modes as the protocol writes them: four octal digits such as "0644", permission bits only. */
public final class FileModes {

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private FileModes() {
    }

    public static String format(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (int i = 0; i < BITS.length; i++) {
            if (perms.contains(BITS[i])) {
                mode |= 1 << i;
            }
        }
        return String.format("%04o", mode);
    }

    /** Parses "644" or "0644"; setuid, setgid and sticky bits are refused rather than silently dropped. */
    public static Set<PosixFilePermission> parse(String text) throws RequestException {
        if (text == null || !text.matches("0?[0-7]{3}")) {
            throw new RequestException(Refusal.INVALID_REQUEST,
                    "mode \"" + text + "\" is invalid: give permission bits as octal digits, like \"0644\"");
        }
        int mode = Integer.parseInt(text, 8);
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(BITS[i]);
            }
        }
        return perms;
    }
}
