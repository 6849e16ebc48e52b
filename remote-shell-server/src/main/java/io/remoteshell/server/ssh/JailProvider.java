package io.remoteshell.server.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;

/**
 * The file system of {@code --sftp-root}: MINA's rooted file system confines the names a client gives,
 * but the OS follows the links it meets on the way (a {@code jail/out -> /} left by a command or an
 * unpacked archive led SFTP and SCP anywhere). Here every path is checked as a chroot would see it:
 * after following every link, the real path must be the root or inside it, or the operation is refused
 * with "permission denied". The last name is followed only where the operation follows it (opening,
 * listing, stat); lstat, readlink, delete, rename and link creation act on the link itself, so a link
 * that points out can still be seen, renamed or removed, never gone through.
 * <p>
 * The check and the operation are two steps: a command of the same user that swaps a directory for a
 * link in between could still win that race (OpenSSH's sftp-server has the same limit without a real
 * chroot). It closes the door on links that are already there, which is what leaks in practice.
 */
final class JailProvider extends RootedFileSystemProvider {

    /** As the kernel's limit on links followed in one lookup (ELOOP). */
    private static final int MAX_LINKS = 40;

    private final Path realRoot;

    JailProvider(Path root) throws IOException {
        this.realRoot = root.toRealPath();
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        confine(path, followsLeaf(options));
        return super.newInputStream(path, options);
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        confine(path, followsLeaf(options));
        return super.newOutputStream(path, options);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        confine(path, followsLeaf(options.toArray()));
        return super.newFileChannel(path, options, attrs);
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options, ExecutorService executor,
                                                              FileAttribute<?>... attrs) throws IOException {
        confine(path, followsLeaf(options.toArray()));
        return super.newAsynchronousFileChannel(path, options, executor, attrs);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        confine(path, followsLeaf(options.toArray()));
        return super.newByteChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        confine(dir, true);
        return super.newDirectoryStream(dir, filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        confine(dir, false);
        super.createDirectory(dir, attrs);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        // Where it points is checked whenever it is followed; MINA also refuses relative targets that climb out.
        confine(link, false);
        super.createSymbolicLink(link, target, attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        confine(link, false);
        confine(existing, false); // link(2) links a symbolic link itself, not what it points to
        super.createLink(link, existing);
    }

    @Override
    public void delete(Path path) throws IOException {
        confine(path, false);
        super.delete(path);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        confine(path, false);
        return super.deleteIfExists(path);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        confine(link, false);
        return super.readSymbolicLink(link);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        confine(source, followsLeaf(options));
        confine(target, false);
        super.copy(source, target, options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        confine(source, false);
        confine(target, false);
        super.move(source, target, options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        confine(path, true);
        confine(path2, true);
        return super.isSameFile(path, path2);
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        confine(path, true);
        return super.getFileStore(path);
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        confine(path, true);
        super.checkAccess(path, modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        try {
            confine(path, followsLeaf(options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return super.getFileAttributeView(path, type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
        confine(path, followsLeaf(options));
        return super.readAttributes(path, type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        confine(path, followsLeaf(options));
        return super.readAttributes(path, attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        confine(path, followsLeaf(options));
        super.setAttribute(path, attribute, value, options);
    }

    private static boolean followsLeaf(Object[] options) {
        return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    }

    /** Refuses {@code path} unless it resolves inside the root; its last name is followed only when {@code followLeaf}. */
    private void confine(Path path, boolean followLeaf) throws AccessDeniedException {
        Path local = unroot(path);
        Path real;
        try {
            Path parent = local.getParent();
            real = followLeaf || parent == null ? realPath(local, 0) : realPath(parent, 0).resolve(local.getFileName());
        } catch (IOException e) {
            real = null;
        }
        if (real == null || !real.startsWith(realRoot)) {
            throw new AccessDeniedException(path.toString(), null, "it leads outside the SFTP root through a symbolic link");
        }
    }

    /**
     * Where {@code p} leads once every link on the way is followed, also when its last parts do not exist yet
     * (a file about to be created). Null for a loop of links.
     */
    private static Path realPath(Path p, int linksFollowed) throws IOException {
        if (linksFollowed > MAX_LINKS) {
            return null;
        }
        if (Files.exists(p)) {
            return p.toRealPath();
        }
        Path parent = p.getParent();
        if (parent == null) {
            return p;
        }
        Path realParent = realPath(parent, linksFollowed);
        if (realParent == null) {
            return null;
        }
        String name = p.getFileName().toString();
        if (name.equals(".")) {
            return realParent;
        }
        if (name.equals("..")) {
            return realParent.getParent() == null ? realParent : realParent.getParent();
        }
        Path candidate = realParent.resolve(name);
        if (Files.isSymbolicLink(candidate)) { // a dangling link: what creating through it would create
            return realPath(realParent.resolve(Files.readSymbolicLink(candidate)), linksFollowed + 1);
        }
        return candidate;
    }
}
