package io.remoteshell.server.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.SelectorUtils;
import org.apache.sshd.scp.common.ScpFileOpener;
import org.apache.sshd.scp.common.helpers.DefaultScpFileOpener;

/**
 * The files SFTP and SCP see. By default, as with OpenSSH, the real file system as the server's user:
 * absolute paths are what they say and relative ones start in the server user's home (MINA's SFTP and
 * SCP would start them in the JVM's working directory, so both ask {@link #startIn} instead). With
 * {@code --sftp-root DIR}, a jail: a file system whose "/" is DIR, where relative paths start at "/" and no
 * path leads out of DIR, not even through a symbolic link ({@link JailProvider}).
 */
final class TransferFileSystem implements FileSystemFactory {

    private final Path jail;
    private final Path home;

    private TransferFileSystem(Path jail, Path home) {
        this.jail = jail;
        this.home = home;
    }

    /** The real file system, relative paths from {@code home} ("/" when that is not a directory, as sshd does). */
    static TransferFileSystem real(Path home) {
        return new TransferFileSystem(null, Files.isDirectory(home) ? home.toAbsolutePath().normalize() : Path.of("/"));
    }

    /** Confined to {@code dir}, which SFTP and SCP see as "/". */
    static TransferFileSystem jail(Path dir) {
        return new TransferFileSystem(dir.toAbsolutePath().normalize(), null);
    }

    /** Where the clients' paths lead on this machine: the jail, or the home relative paths start in; for the audit log. */
    String describe() {
        return jail != null ? jail.toString() : home.toString();
    }

    @Override
    public Path getUserHomeDir(SessionContext session) {
        return jail != null ? jail : home;
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        return jail != null ? new JailProvider(jail).newFileSystem(jail, Map.of()) : FileSystems.getDefault();
    }

    /** The directory relative paths start in, within {@code fs}, a file system this factory created. */
    Path startIn(FileSystem fs) {
        return jail != null ? fs.getPath("/") : fs.getPath(home.toString());
    }

    /** MINA's SCP file access, with relative paths (and the empty one, "scp f host:") starting in {@link #startIn}. */
    ScpFileOpener scpFileOpener() {
        return new DefaultScpFileOpener() {
            @Override
            public Path resolveLocalPath(Session session, FileSystem fs, String commandPath) {
                String path = SelectorUtils.translateToLocalFileSystemPath(commandPath, File.separatorChar, fs);
                return startIn(fs).resolve(path).normalize();
            }
        };
    }
}
