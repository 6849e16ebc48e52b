package io.remoteshell.client.rsp;

import io.remoteshell.client.ChecksumMismatchException;
import io.remoteshell.client.LocalFiles;
import io.remoteshell.client.ProtocolViolationException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.TransferListener;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A GET request: FILE, DATA..., END. Bytes go to a temporary file beside the target; only when
 * size and SHA-256 match END does it replace the target, so a failed download leaves nothing behind.
 * Runs on the reader thread; the caller only waits for {@link #done()}.
 */
final class FileDownload implements RspRequest {

    private final String remote;
    private final Path local;
    private final Path temp;
    private final FileOutputStream out;
    private final TransferListener listener;
    private final MessageDigest sha256 = Sha256.newDigest();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long size = -1;
    private String mode;
    private long received;
    private IOException writeFailure;
    private volatile boolean abandoned;

    FileDownload(String remote, Path local, TransferListener listener) throws IOException {
        this.remote = remote;
        this.local = local.toAbsolutePath();
        this.listener = listener;
        Path dir = this.local.getParent();
        this.temp = Files.createTempFile(dir, "." + this.local.getFileName() + ".", ".part");
        this.out = new FileOutputStream(temp.toFile());
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * The caller gave up waiting (Ctrl-C): the temporary file goes now, and whatever still arrives is thrown away
     * (RSP/1 cannot cancel a GET; the connection stays usable).
     */
    void abandon() {
        abandoned = true;
        fail(new InterruptedIOException("download of " + remote + " cancelled"));
    }

    @Override
    public boolean onFrame(Frame frame) throws IOException {
        switch (frame.type()) {
            case FILE -> {
                if (size >= 0) {
                    throw new ProtocolViolationException("second FILE for GET " + remote);
                }
                Messages.FileInfo info = frame.as(Messages.FileInfo.class);
                if (info.size() < 0) {
                    throw new ProtocolViolationException("FILE for GET " + remote + " announces " + info.size() + " bytes");
                }
                size = info.size();
                mode = info.mode();
                // Nobody watches an abandoned download any more: a progress bar started now would outlive it.
                if (!abandoned) {
                    listener.started(size);
                }
            }
            case DATA -> received(frame.payload(), 0, frame.payload().length);
            case END -> {
                finish(frame.as(Messages.End.class).sha256());
                return true;
            }
            case ERROR -> {
                Messages.Error error = frame.as(Messages.Error.class);
                fail(new RemoteErrorException(error.code(), error.message()));
                return true;
            }
            default -> throw new ProtocolViolationException("unexpected " + frame.type() + " for GET " + remote);
        }
        return false;
    }

    @Override
    public boolean onData(FrameType type, int id, byte[] buf, int off, int len) throws IOException {
        if (type != FrameType.DATA) {
            return RspRequest.super.onData(type, id, buf, off, len);
        }
        received(buf, off, len);
        return false;
    }

    private void received(byte[] data, int off, int len) throws ProtocolViolationException {
        if (size < 0) {
            throw new ProtocolViolationException("DATA before FILE for GET " + remote);
        }
        if (received + len > size) {
            throw new ProtocolViolationException("GET " + remote + " sent more than the " + size + " bytes FILE announced");
        }
        write(data, off, len);
        received += len;
        sha256.update(data, off, len);
        if (!abandoned) {
            listener.progressed(received);
        }
    }

    private void write(byte[] data, int off, int len) {
        if (writeFailure != null || abandoned) {
            return;
        }
        try {
            out.write(data, off, len);
        } catch (IOException e) {
            // The server sends the rest anyway (GET cannot be cancelled); keep reading and report at END.
            writeFailure = e;
        }
    }

    private synchronized void finish(String announcedSha) {
        try {
            out.getFD().sync();
            out.close();
            if (abandoned) {
                throw new IOException("download abandoned");
            }
            if (writeFailure != null) {
                throw new IOException("cannot write " + temp + ": " + writeFailure.getMessage(), writeFailure);
            }
            if (size < 0) {
                throw new ProtocolViolationException("END without FILE for GET " + remote);
            }
            if (received != size) {
                throw new ChecksumMismatchException("GET " + remote + ": received " + received + " bytes but the server announced "
                        + size + "; " + local + " was left unchanged");
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equalsIgnoreCase(String.valueOf(announcedSha))) {
                throw new ChecksumMismatchException("GET " + remote + ": SHA-256 of the received bytes is " + actual
                        + " but the server announced " + announcedSha + "; " + local + " was left unchanged");
            }
            applyMode();
            try {
                Files.move(temp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, local, StandardCopyOption.REPLACE_EXISTING);
            }
            listener.finished(size);
            done.complete(null);
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The remote file's permission bits, like scp: the temporary file was created private. */
    private void applyMode() throws IOException {
        if (mode != null && mode.matches("0?[0-7]{3}")) {
            LocalFiles.setPermissionBits(temp, Integer.parseInt(mode, 8) & 0777);
        }
    }

    private synchronized void fail(IOException e) {
        try {
            out.close();
        } catch (IOException ignored) {
            // The file is deleted next; a failed close changes nothing.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: a leftover .part file is hidden and named for what it is.
        }
        done.completeExceptionally(e);
    }

    @Override
    public void onFailure(IOException cause) {
        fail(cause);
    }
}
