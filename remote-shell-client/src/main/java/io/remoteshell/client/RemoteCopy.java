package io.remoteshell.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Copies between this machine and a {@link Session} as scp does, files or (with {@link #recursive}) whole trees:
 * <ul>
 *   <li>into an existing directory, each source keeps its name; otherwise the destination is the copy's own name,
 *       and its parent directory must exist (nothing is created above it);</li>
 *   <li>several sources need a destination that is a directory, and a destination written with a trailing {@code /}
 *       must be one ({@link CopyRefusedException} otherwise, before anything is copied);</li>
 *   <li>a directory is copied only recursively, into a new or existing directory, never over a file; directories
 *       made by the copy get the source's mode at the end (so a 0555 one can still be filled), and every file keeps
 *       its mode;</li>
 *   <li>every file goes through {@link Session#get} or {@link Session#put}: it lands under its name only complete and
 *       its SHA-256 verified, so a failed copy leaves the files done so far and no partial one. Symbolic links are
 *       followed; what is neither a file nor a directory (a socket, a dangling link) is skipped and reported by a
 *       {@link CopyRefusedException} once the rest is copied.</li>
 * </ul>
 * An interrupted caller stops between files (and, as get and put do, within one) with an
 * {@link InterruptedIOException}.
 */
public final class RemoteCopy {

    private final Session session;
    private boolean recursive;
    private Function<String, TransferListener> listeners = path -> TransferListener.NONE;

    private RemoteCopy(Session session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    /** Copies to and from {@code session}; not recursive until {@link #recursive(boolean)} says so. */
    public static RemoteCopy over(Session session) {
        return new RemoteCopy(session);
    }

    /** Whether directories are copied with everything they hold (cp -r). */
    public RemoteCopy recursive(boolean recursive) {
        this.recursive = recursive;
        return this;
    }

    /** The listener for each file copied, given the path of its source (say, a progress bar per file). */
    public RemoteCopy listeners(Function<String, TransferListener> perFile) {
        this.listeners = Objects.requireNonNull(perFile, "perFile");
        return this;
    }

    /** Copies the remote {@code remotes} to {@code local}, by the rules above. */
    public void download(List<String> remotes, Path local) throws IOException {
        boolean intoDirectory = Files.isDirectory(local);
        checkDestination(remotes.size(), local.toString(), intoDirectory, Files.exists(local), "local");
        List<String> skipped = new ArrayList<>();
        try (RemoteFiles files = recursive ? session.files() : null) {
            for (String remote : remotes) {
                Path target = intoDirectory ? into(local, baseName(remote)) : local;
                if (!recursive) {
                    // get itself says when there is no such file: no round trip to ask first.
                    getFile(remote, target);
                    continue;
                }
                RemoteFile source = files.stat(remote).orElseThrow(() ->
                        new RemoteErrorException("NOT_FOUND", remote + ": no such remote file or directory"));
                switch (source.kind()) {
                    case FILE -> session.get(remote, target, listener(remote));
                    case DIRECTORY -> downloadTree(files, remote, source.mode(), target, skipped);
                    default -> skipped.add(remote);
                }
            }
        }
        reportSkipped(skipped);
    }

    /** A get that, refused for a directory, says so in cp's words. */
    private void getFile(String remote, Path target) throws IOException {
        try {
            session.get(remote, target, listener(remote));
        } catch (RemoteErrorException e) {
            boolean directory;
            try (RemoteFiles files = session.files()) {
                directory = files.stat(remote).map(RemoteFile::isDirectory).orElse(false);
            } catch (IOException notEvenThat) {
                throw e;
            }
            if (directory) {
                throw new CopyRefusedException(remote + " is a directory: copy it recursively (cp -r) to take what it holds");
            }
            throw e;
        }
    }

    /** Copies the local {@code locals} to the remote {@code remote}, by the rules above. */
    public void upload(List<Path> locals, String remote) throws IOException {
        List<String> skipped = new ArrayList<>();
        try (RemoteFiles files = session.files()) {
            Optional<RemoteFile> destination = files.stat(remote);
            boolean intoDirectory = destination.map(RemoteFile::isDirectory).orElse(false);
            checkDestination(locals.size(), remote, intoDirectory, destination.isPresent(), "remote");
            for (Path local : locals) {
                if (!Files.exists(local)) {
                    throw new NoSuchFileException(local.toString(), null, "no such local file or directory");
                }
                String name = local.toAbsolutePath().normalize().getFileName() == null ? ""
                        : local.toAbsolutePath().normalize().getFileName().toString();
                String target = intoDirectory ? join(remote, name) : remote;
                if (Files.isDirectory(local)) {
                    if (!recursive) {
                        throw new CopyRefusedException(local + " is a directory: copy it recursively (cp -r) to take what it holds");
                    }
                    uploadTree(files, local, target, skipped);
                } else if (Files.isRegularFile(local)) {
                    session.put(local, target, listener(local.toString()));
                } else {
                    skipped.add(local.toString());
                }
            }
        }
        reportSkipped(skipped);
    }

    /** A single source's form of {@link #download(List, Path)}. */
    public void download(String remote, Path local) throws IOException {
        download(List.of(remote), local);
    }

    /** A single source's form of {@link #upload(List, String)}. */
    public void upload(Path local, String remote) throws IOException {
        upload(List.of(local), remote);
    }

    private void downloadTree(RemoteFiles files, String remote, int mode, Path target, List<String> skipped) throws IOException {
        List<Made<Path>> made = new ArrayList<>();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new CopyRefusedException(target + " is not a directory: cannot copy the directory " + remote + " over it");
        }
        if (!Files.exists(target)) {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new NoSuchFileException(parent.toString(), null, "no such local directory to copy " + remote + " into");
            }
            Files.createDirectory(target);
            made.add(new Made<>(target, mode));
        }
        for (RemoteFile entry : files.walk(remote)) {
            checkCancelled();
            Path local = target.resolve(relative(remote, entry.path()));
            String from = join(remote, entry.path());
            switch (entry.kind()) {
                case DIRECTORY -> {
                    if (!Files.isDirectory(local)) {
                        if (Files.exists(local)) {
                            throw new CopyRefusedException(local + " is not a directory: cannot copy the directory " + from + " over it");
                        }
                        Files.createDirectory(local);
                        made.add(new Made<>(local, entry.mode()));
                    }
                }
                case FILE -> session.get(from, local, listener(from));
                default -> skipped.add(from);
            }
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            LocalFiles.setPermissionBits(made.get(i).path(), made.get(i).mode());
        }
    }

    private void uploadTree(RemoteFiles files, Path local, String target, List<String> skipped) throws IOException {
        List<Made<String>> made = new ArrayList<>();
        Optional<RemoteFile> existing = files.stat(target);
        if (existing.isPresent() && !existing.get().isDirectory()) {
            throw new CopyRefusedException(target + " is not a directory: cannot copy the directory " + local + " over it");
        }
        boolean fresh = existing.isEmpty();
        if (fresh) {
            files.mkdir(target);
            made.add(new Made<>(target, mode(local)));
        }
        List<Path> tree;
        try (Stream<Path> walk = Files.walk(local, FileVisitOption.FOLLOW_LINKS)) {
            tree = walk.skip(1).toList();
        } catch (UncheckedIOException e) {
            // A loop of symbolic links or an unreadable directory, found while walking: the copy does not start.
            if (e.getCause() instanceof java.nio.file.FileSystemLoopException loop) {
                throw new CopyRefusedException(loop.getFile() + " leads back to a directory above it (a loop of symbolic links)");
            }
            throw e.getCause();
        }
        for (Path path : tree) {
            checkCancelled();
            String to = target + "/" + String.join("/", names(local.relativize(path)));
            if (Files.isDirectory(path)) {
                // Inside a directory this copy made, nothing is there yet: no round trip to look.
                Optional<RemoteFile> there = fresh ? Optional.empty() : files.stat(to);
                if (there.isPresent() && !there.get().isDirectory()) {
                    throw new CopyRefusedException(to + " is not a directory: cannot copy the directory " + path + " over it");
                }
                if (there.isEmpty()) {
                    files.mkdir(to);
                    made.add(new Made<>(to, mode(path)));
                }
            } else if (Files.isRegularFile(path)) {
                session.put(path, to, listener(path.toString()));
            } else {
                skipped.add(path.toString());
            }
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            files.chmod(made.get(i).path(), made.get(i).mode());
        }
    }

    /** A directory this copy made, and the mode it gets once filled. */
    private record Made<P>(P path, int mode) {
    }

    private TransferListener listener(String source) throws InterruptedIOException {
        checkCancelled();
        return listeners.apply(source);
    }

    private static void checkCancelled() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the copy was cancelled");
        }
    }

    private static int mode(Path local) throws IOException {
        Integer bits = LocalFiles.permissionBits(local);
        return bits == null ? 0755 : bits;
    }

    private static void checkDestination(int sources, String destination, boolean isDirectory, boolean exists, String side)
            throws CopyRefusedException {
        if (isDirectory) {
            return;
        }
        if (destination.endsWith("/")) {
            throw new CopyRefusedException(destination + (exists ? " is not a directory" : ": no such " + side + " directory")
                    + " (a destination ending in / must be an existing directory; cp does not make it)");
        }
        if (sources > 1) {
            throw new CopyRefusedException(destination + (exists ? " is not a directory" : ": no such " + side + " directory")
                    + ": copying " + sources + " sources needs an existing directory to copy them into");
        }
    }

    /** A path inside {@code into}, or {@code into} itself for a source named . or .. or / (its contents are merged). */
    private static Path into(Path into, String name) {
        return name.isEmpty() || name.equals(".") || name.equals("..") ? into : into.resolve(name);
    }

    /** The name a remote path's copy gets in a directory: its last name ("b" of "/a/b/"). */
    public static String baseName(String remote) {
        String trimmed = remote.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static List<String> names(Path relative) {
        List<String> names = new ArrayList<>();
        relative.forEach(p -> names.add(p.toString()));
        return names;
    }

    /** A listed path made safe to resolve here: a server naming ../x or /x must not write outside the copy. */
    private static String relative(String listed, String path) throws ProtocolViolationException {
        for (String name : path.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw new ProtocolViolationException("listing " + listed + " gave " + path + ", which is not a path inside it");
            }
        }
        return path;
    }

    private static void reportSkipped(List<String> skipped) throws CopyRefusedException {
        if (!skipped.isEmpty()) {
            throw new CopyRefusedException("not copied, being neither a regular file nor a directory: " + String.join(", ", skipped));
        }
    }
}
