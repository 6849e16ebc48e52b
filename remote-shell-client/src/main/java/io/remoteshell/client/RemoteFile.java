package io.remoteshell.client;

/**
 * A remote file as a recursive copy sees it: its path, what it is (symbolic links followed) and its permission bits
 * (0750 as 488). From {@link RemoteFiles#walk} the path is relative to the directory walked, with {@code /} between names.
 */
public record RemoteFile(String path, Kind kind, int mode) {

    /** What a remote file is; a copy handles regular files and directories and skips the rest. */
    public enum Kind { FILE, DIRECTORY, OTHER }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }
}
