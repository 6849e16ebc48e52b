package io.remoteshell.client;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The remote file system operations a recursive copy needs beyond {@link Session#get} and {@link Session#put}, from
 * {@link Session#files()}: SFTP's over SSH, the remote {@code find}, {@code mkdir} and {@code chmod} over RSP/1 (which
 * has no listing request). Relative paths start in the remote user's home, as get's and put's do. Close it when done.
 */
public interface RemoteFiles extends AutoCloseable {

    /** What {@code path} is (following symbolic links), or empty when nothing is there. */
    Optional<RemoteFile> stat(String path) throws IOException;

    /**
     * Everything below the directory {@code dir}, symbolic links followed, each directory before what it holds, with
     * paths relative to {@code dir}.
     */
    List<RemoteFile> walk(String dir) throws IOException;

    /** Makes the directory {@code path}, whose parent must exist. */
    void mkdir(String path) throws IOException;

    /** Sets the permission bits of {@code path} (0750 as 488). */
    void chmod(String path, int mode) throws IOException;

    @Override
    void close() throws IOException;
}
