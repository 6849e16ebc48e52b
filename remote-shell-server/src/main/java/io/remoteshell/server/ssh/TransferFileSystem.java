package io.remoteshell.server.ssh;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * MINA's SCP file access, with relative paths (and the empty one, "scp f host:") starting in {@link #startIn}, and
     * uploads written through the page cache with one fsync when the file is complete: MINA's default opens them
     * O_SYNC, a synchronous disk write per 8 KiB block (about 10 MB/s where sshd, which never syncs, does 180).
     */
    ScpFileOpener scpFileOpener() {
        return new DefaultScpFileOpener() {
            @Override
            public Path resolveLocalPath(Session session, FileSystem fs, String commandPath) {
                String path = SelectorUtils.translateToLocalFileSystemPath(commandPath, File.separatorChar, fs);
                return startIn(fs).resolve(path).normalize();
            }

            @Override
            public OutputStream openWrite(Session session, Path file, long size, Set<PosixFilePermission> permissions,
                                          OpenOption... options) throws IOException {
                Set<OpenOption> open = new HashSet<>(options.length == 0
                        ? List.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING) : List.of(options));
                open.remove(StandardOpenOption.SYNC);
                open.remove(StandardOpenOption.DSYNC);
                open.add(StandardOpenOption.WRITE);
                return new SyncedOnClose(FileChannel.open(file, open));
            }
        };
    }

    /** Buffers writes to a file and, on close, forces them to disk once before closing it. */
    private static final class SyncedOnClose extends BufferedOutputStream {
        private final FileChannel channel;

        SyncedOnClose(FileChannel channel) {
            super(Channels.newOutputStream(channel), 128 << 10);
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            if (!channel.isOpen()) {
                return; // MINA closes it twice: once itself and once through the opener's closeWrite
            }
            try (channel) {
                flush();
                channel.force(true);
            }
        }
    }
}
