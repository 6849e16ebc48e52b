package io.remoteshell.server.core;

import io.remoteshell.protocol.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A regular file being sent to a client: its size and mode up front, then its bytes in chunks. */
public final class FileSource implements AutoCloseable {

    /** Receives the chunks; the buffer is reused after each call. */
    @FunctionalInterface
    public interface ChunkSink {
        void chunk(byte[] buf, int off, int len) throws IOException;
    }

    private final Path path;
    private final long size;
    private final String mode;
    private final InputStream in;

    private FileSource(Path path, long size, String mode, InputStream in) {
        this.path = path;
        this.size = size;
        this.mode = mode;
        this.in = in;
    }

    /** Opens a regular file; NOT_FOUND when it is missing or not a regular file, IO_ERROR when it cannot be read. */
    public static FileSource open(Path path) throws RequestException {
        if (!Files.isRegularFile(path)) {
            throw new RequestException(Refusal.NOT_FOUND, Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    ? "not a regular file: " + path : "no such file: " + path);
        }
        try {
            InputStream in = Files.newInputStream(path);
            return new FileSource(path, Files.size(path), FileModes.format(Files.getPosixFilePermissions(path)), in);
        } catch (IOException e) {
            throw new RequestException(Refusal.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    public long size() {
        return size;
    }

    public String mode() {
        return mode;
    }

    /**
     * Streams exactly {@link #size()} bytes to the sink and returns their SHA-256 in hex. A file that
     * shrinks meanwhile is an IO_ERROR; bytes appended meanwhile are not sent.
     *
     * @throws IOException when the sink fails (the receiver is gone)
     */
    public String sendTo(ChunkSink sink) throws RequestException, IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[Limits.MAX_CHUNK];
        long left = size;
        while (left > 0) {
            int n;
            try {
                n = in.read(buf, 0, (int) Math.min(buf.length, left));
            } catch (IOException e) {
                throw new RequestException(Refusal.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new RequestException(Refusal.IO_ERROR, path + " shrank while it was being sent; try again");
            }
            sha.update(buf, 0, n);
            sink.chunk(buf, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
