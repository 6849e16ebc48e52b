package io.remoteshell.client.rsp;

import io.remoteshell.client.ChecksumMismatchException;
import io.remoteshell.client.Command;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.LocalFiles;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
import io.remoteshell.client.TransferListener;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link Session} over one RSP/1 connection. */
public final class RspSession implements Session {

    /** How often a waiting GET asks its listener whether it was cancelled. */
    private static final long CANCEL_POLL_MILLIS = 100;

    private final RspConnection connection;

    private RspSession(RspConnection connection) {
        this.connection = connection;
    }

    /** Connects and authenticates; {@link io.remoteshell.client.RemoteShell#connect} is the public way in. */
    public static RspSession open(Endpoint endpoint, Credentials credentials, Duration timeout) throws IOException {
        return new RspSession(RspConnection.open(endpoint, credentials.token(), timeout));
    }

    /** rsps://: inside TLS 1.3, the server's key checked against {@code pins} before RSP/1 starts. */
    public static RspSession openTls(Endpoint endpoint, Credentials credentials, ServerPins pins, Duration timeout)
            throws IOException {
        return new RspSession(RspConnection.open(endpoint, credentials.token(), timeout, new TlsTransport(pins)));
    }

    @Override
    public ExecResult exec(Command command, OutputStream stdout, OutputStream stderr) throws IOException {
        RspProcess process = new RspProcess(connection, command, false,
                Objects.requireNonNull(stdout, "stdout"), Objects.requireNonNull(stderr, "stderr"));
        process.begin();
        try {
            return process.waitForResult();
        } catch (InterruptedIOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    @Override
    public RemoteProcess start(Command command) throws IOException {
        return start(new RspProcess(connection, command, true, null, null));
    }

    @Override
    public RemoteProcess start(Command command, OutputStream stdout, OutputStream stderr) throws IOException {
        return start(new RspProcess(connection, command, true,
                Objects.requireNonNull(stdout, "stdout"), Objects.requireNonNull(stderr, "stderr")));
    }

    private RemoteProcess start(RspProcess process) throws IOException {
        process.begin();
        process.awaitStart();
        return process;
    }

    @Override
    public void get(String remote, Path local, TransferListener listener) throws IOException {
        Path target = LocalFiles.downloadTarget(remote, local);
        FileDownload download = new FileDownload(remote, target, listener);
        int id;
        try {
            id = connection.register(download);
        } catch (IOException e) {
            download.onFailure(e);
            throw e;
        }
        try {
            connection.sendJson(FrameType.GET, id, new Messages.Get(remote));
        } catch (IOException e) {
            connection.unregister(id);
            download.onFailure(e);
            throw e;
        }
        try {
            awaitUnlessCancelled(download.done(), listener);
        } catch (InterruptedIOException e) {
            download.abandon();
            throw e;
        }
    }

    @Override
    public void put(Path local, String remote, TransferListener listener) throws IOException {
        long size = Files.size(local);
        FileUpload upload = new FileUpload(remote, connection.newWindow());
        MessageDigest sha256 = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(local)) {
            int id = connection.register(upload);
            connection.sendJson(FrameType.PUT, id, new Messages.Put(remote, size, modeString(LocalFiles.permissionBits(local))));
            listener.started(size);
            // The file is read straight into the frame, behind the room for its header, in pieces the window allows:
            // each piece leaves in one write, not copied behind a header first.
            byte[] frame = new byte[Limits.HEADER_SIZE + Limits.MAX_CHUNK];
            SendWindow window = upload.window();
            long sent = 0;
            // Stop early when the server has already answered (say, the directory does not exist).
            try {
                while (!upload.serverSha().isDone()) {
                    int credit = window.take(Limits.MAX_CHUNK);
                    int n = in.readNBytes(frame, Limits.HEADER_SIZE, credit);
                    if (n < credit) {
                        window.grant(credit - n); // the end of the file: what this piece did not use is still ours
                    }
                    if (n <= 0) {
                        break;
                    }
                    if (listener.cancelled() || Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("the transfer was cancelled");
                    }
                    connection.sendReserved(FrameType.DATA, id, frame, n);
                    sha256.update(frame, Limits.HEADER_SIZE, n);
                    sent += n;
                    listener.progressed(sent);
                }
            } catch (IOException readFailureOrCancel) {
                boolean interrupted = Thread.interrupted(); // abandon() waits for the server's answer
                abandon(upload, id, sha256);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw readFailureOrCancel;
            }
            String localSha = HexFormat.of().formatHex(sha256.digest());
            if (!upload.serverSha().isDone()) {
                connection.sendJson(FrameType.END, id, new Messages.End(localSha));
            }
            String remoteSha = await(upload.serverSha());
            if (!localSha.equalsIgnoreCase(remoteSha)) {
                throw new ChecksumMismatchException("PUT " + remote + ": the server stored bytes with SHA-256 " + remoteSha
                        + " but " + local + " has " + localSha);
            }
            listener.finished(size);
        }
    }

    /**
     * Ends a PUT whose local file could not be read to the end: the short END makes the server
     * refuse it and remove its temporary file, so the request does not stay open.
     */
    private void abandon(FileUpload upload, int id, MessageDigest partial) {
        try {
            if (!upload.serverSha().isDone()) {
                connection.sendJson(FrameType.END, id, new Messages.End(HexFormat.of().formatHex(partial.digest())));
            }
            await(upload.serverSha());
        } catch (IOException expected) {
            // The server's refusal is the expected answer; the caller hears about the local failure.
        }
    }

    /** As {@link #await}, also ending with InterruptedIOException once {@code listener} says the transfer is cancelled. */
    private static void awaitUnlessCancelled(CompletableFuture<?> future, TransferListener listener) throws IOException {
        while (true) {
            try {
                future.get(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (listener.cancelled()) {
                    throw new InterruptedIOException("the transfer was cancelled");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the server");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the server");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public Duration ping() throws IOException {
        return connection.ping();
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "Session[" + connection.endpoint() + "]";
    }

    /** The wire form of permission bits, "0644"; none when the local file system has no such bits. */
    private static String modeString(Integer bits) {
        return bits == null ? null : String.format("0%03o", bits);
    }
}
