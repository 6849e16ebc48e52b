package io.remoteshell.client.ssh;

import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteFile;
import io.remoteshell.client.RemoteFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/** {@link RemoteFiles} over one SFTP channel: stat, readdir, mkdir and setstat, as scp -r does it today. */
final class SftpTree implements RemoteFiles {

    /** Deeper than any real tree; a loop of symbolic links to directories (which SFTP cannot tell) ends here. */
    private static final int MAX_DEPTH = 64;

    private final SftpClient sftp;

    SftpTree(ClientSession session) throws IOException {
        this.sftp = SftpClientFactory.instance().createSftpClient(session);
    }

    @Override
    public Optional<RemoteFile> stat(String path) throws IOException {
        try {
            return Optional.of(file(path, sftp.stat(path.isEmpty() ? "." : path)));
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return Optional.empty();
            }
            throw SftpFiles.mapped(path, e);
        }
    }

    @Override
    public List<RemoteFile> walk(String dir) throws IOException {
        List<RemoteFile> found = new ArrayList<>();
        walk(dir.isEmpty() ? "." : dir, "", 0, found);
        return found;
    }

    private void walk(String dir, String relative, int depth, List<RemoteFile> found) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new RemoteErrorException("IO_ERROR", "cannot list " + dir + ": more than " + MAX_DEPTH
                    + " directories deep (a loop of symbolic links?)");
        }
        List<SftpClient.DirEntry> entries = new ArrayList<>();
        SftpFiles.remoteCall(dir, () -> {
            sftp.readDir(dir).forEach(entries::add);
            return null;
        });
        entries.sort(Comparator.comparing(SftpClient.DirEntry::getFilename));
        for (SftpClient.DirEntry entry : entries) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String path = join(dir, name);
            SftpClient.Attributes attrs = entry.getAttributes();
            if (attrs.isSymbolicLink()) {
                // Followed, as scp follows them; a dangling one is neither file nor directory, and is skipped.
                try {
                    attrs = sftp.stat(path);
                } catch (SftpException e) {
                    attrs = entry.getAttributes();
                }
            }
            RemoteFile file = file(relative.isEmpty() ? name : relative + "/" + name, attrs);
            found.add(file);
            if (file.isDirectory()) {
                walk(path, file.path(), depth + 1, found);
            }
        }
    }

    @Override
    public void mkdir(String path) throws IOException {
        SftpFiles.remoteCall(path, () -> {
            sftp.mkdir(path);
            return null;
        });
    }

    @Override
    public void chmod(String path, int mode) throws IOException {
        SftpClient.Attributes attrs = new SftpClient.Attributes();
        attrs.setPermissions(mode & 07777);
        SftpFiles.remoteCall(path, () -> {
            sftp.setStat(path, attrs);
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        sftp.close();
    }

    private static RemoteFile file(String path, SftpClient.Attributes attrs) {
        RemoteFile.Kind kind = attrs.isDirectory() ? RemoteFile.Kind.DIRECTORY
                : attrs.isRegularFile() ? RemoteFile.Kind.FILE : RemoteFile.Kind.OTHER;
        return new RemoteFile(path, kind, attrs.getPermissions() & 0777);
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
