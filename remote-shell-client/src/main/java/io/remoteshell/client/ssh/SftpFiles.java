package io.remoteshell.client.ssh;

import io.remoteshell.client.ChecksumMismatchException;
import io.remoteshell.client.Command;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.LocalFiles;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.CheckFileNameExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * get and put over SFTP with the RSP/1 guarantees: a file lands under its name only complete and
 * verified (written to a temporary name beside it, then renamed), and its SHA-256 is compared with
 * the one the server computes (the check-file-name extension, else {@code sha256sum} run remotely).
 */
final class SftpFiles {

    private static final int CHUNK = 64 << 10;

    /** Runs a small command remotely: the fallback for servers without check-file-name. */
    interface Exec {
        ExecResult exec(Command command) throws IOException;
    }

    private final ClientSession session;
    private final Exec exec;

    SftpFiles(ClientSession session, Exec exec) {
        this.session = session;
        this.exec = exec;
    }

    void get(String remote, Path local, TransferListener listener) throws IOException {
        Path target = LocalFiles.downloadTarget(remote, local);
        Path dir = target.toAbsolutePath().getParent();
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            SftpClient.Attributes attrs = remoteCall(remote, () -> sftp.stat(remote));
            if (!attrs.isRegularFile()) {
                throw new RemoteErrorException("IO_ERROR", remote + " is not a regular file");
            }
            long size = attrs.getSize();
            Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            try {
                MessageDigest sha = sha256();
                long received;
                listener.started(size);
                try (InputStream in = remoteCall(remote, () -> sftp.read(remote, CHUNK));
                     OutputStream out = Files.newOutputStream(temp)) {
                    received = copy(in, out, sha, listener);
                }
                if (received != size) {
                    throw new ChecksumMismatchException("GET " + remote + ": received " + received + " bytes, the server announced " + size);
                }
                String localSha = HexFormat.of().formatHex(sha.digest());
                String remoteSha = remoteSha256(sftp, remote);
                if (!localSha.equalsIgnoreCase(remoteSha)) {
                    throw new ChecksumMismatchException("GET " + remote + ": received bytes with SHA-256 " + localSha
                            + " but the server's file has " + remoteSha);
                }
                // The remote file's permission bits, as RSP/1's GET and scp keep them (the temporary file was made private).
                LocalFiles.setPermissionBits(temp, attrs.getPermissions() & 0777);
                moveInPlace(temp, target);
                listener.finished(size);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    void put(Path local, String remote, TransferListener listener) throws IOException {
        long size = Files.size(local);
        int slash = remote.lastIndexOf('/');
        String temp = remote.substring(0, slash + 1) + "." + remote.substring(slash + 1) + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part";
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            MessageDigest sha = sha256();
            boolean placed = false;
            try {
                listener.started(size);
                try (InputStream in = Files.newInputStream(local);
                     OutputStream out = remoteCall(remote, () -> sftp.write(temp, CHUNK,
                             SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive))) {
                    copy(in, out, sha, listener);
                }
                String localSha = HexFormat.of().formatHex(sha.digest());
                String remoteSha = remoteSha256(sftp, temp);
                if (!localSha.equalsIgnoreCase(remoteSha)) {
                    throw new ChecksumMismatchException("PUT " + remote + ": the server stored bytes with SHA-256 " + remoteSha
                            + " but " + local + " has " + localSha);
                }
                Integer mode = LocalFiles.permissionBits(local);
                if (mode != null) {
                    SftpClient.Attributes attrs = new SftpClient.Attributes();
                    attrs.setPermissions(mode);
                    sftp.setStat(temp, attrs);
                }
                renameOver(sftp, temp, remote);
                placed = true;
                listener.finished(size);
            } finally {
                if (!placed) {
                    removeAfterFailure(sftp, temp);
                }
            }
        }
    }

    /**
     * Removes an upload's temporary file after a failure or Ctrl-C. Ctrl-C interrupts this thread, possibly only now,
     * after the copy already saw the cancellation: the interrupt then breaks the first try (MINA closes the SFTP
     * channel of an interrupted call), so each later try clears it and opens a fresh channel on the same connection.
     */
    private void removeAfterFailure(SftpClient sftp, String temp) {
        boolean interrupted = false;
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                interrupted |= Thread.interrupted();
                try {
                    if (attempt == 0 && sftp.isOpen()) {
                        sftp.remove(temp);
                    } else {
                        try (SftpClient again = SftpClientFactory.instance().createSftpClient(session)) {
                            again.remove(temp);
                        }
                    }
                    return;
                } catch (SftpException e) {
                    if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                        return; // never created
                    }
                } catch (IOException | RuntimeException e) {
                    if (!session.isOpen()) {
                        return; // the connection is gone: nothing more can be done from here
                    }
                }
            }
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void renameOver(SftpClient sftp, String from, String to) throws IOException {
        if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
            remoteCall(to, () -> {
                sftp.rename(from, to, SftpClient.CopyMode.Overwrite, SftpClient.CopyMode.Atomic);
                return null;
            });
            return;
        }
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix.isSupported()) {
            remoteCall(to, () -> {
                posix.posixRename(from, to);
                return null;
            });
            return;
        }
        // SFTP v3 rename never replaces a file: make room first (not atomic, but the new file is complete and verified).
        try {
            sftp.remove(to);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw mapped(to, e);
            }
        }
        remoteCall(to, () -> {
            sftp.rename(from, to);
            return null;
        });
    }

    private String remoteSha256(SftpClient sftp, String path) throws IOException {
        CheckFileNameExtension check = sftp.getExtension(CheckFileNameExtension.class);
        if (check.isSupported()) {
            Map.Entry<String, Collection<byte[]>> result = remoteCall(path, () -> check.checkFileName(path, List.of("sha256"), 0, 0, 0));
            if ("sha256".equalsIgnoreCase(result.getKey()) && result.getValue().size() == 1) {
                return HexFormat.of().formatHex(result.getValue().iterator().next());
            }
        }
        ExecResult r = exec.exec(Command.argv("sha256sum", "--", path));
        String out = r.stdoutText(StandardCharsets.UTF_8);
        if (!r.isSuccess() || out.length() < 64) {
            throw new IOException("cannot verify " + path + ": the server has neither SFTP check-file-name nor a working sha256sum ("
                    + r.stderrText().strip() + ")");
        }
        return out.substring(0, 64);
    }

    private static void moveInPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    interface RemoteCall<T> {
        T call() throws IOException;
    }

    /** SFTP's status codes as the RSP/1 error codes the rest of the client knows. */
    static <T> T remoteCall(String path, RemoteCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (SftpException e) {
            throw mapped(path, e);
        }
    }

    static RemoteErrorException mapped(String path, SftpException e) {
        String code = e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH
                ? "NOT_FOUND" : "IO_ERROR";
        return new RemoteErrorException(code, path + ": " + SftpConstants.getStatusName(e.getStatus()) + ": " + e.getMessage());
    }

    /** Copies to the end, hashing what passes and reporting progress; returns the bytes copied. */
    private static long copy(InputStream in, OutputStream out, MessageDigest sha, TransferListener listener) throws IOException {
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            if (listener.cancelled() || Thread.currentThread().isInterrupted()) {
                // Cancelled (Ctrl-C): the caller's finally removes the temporary file on whichever side it is.
                throw new InterruptedIOException("the transfer was cancelled");
            }
            out.write(buf, 0, n);
            sha.update(buf, 0, n);
            total += n;
            listener.progressed(total);
        }
        return total;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
