package io.remoteshell.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One authenticated connection to a remote shell. Thread-safe: any number of threads may run
 * requests at once; they share the one connection. Closing the session ends every open request
 * with {@link ConnectionLostException}, and the server kills the commands still running.
 *
 * <p>Output of commands started with {@link #start(Command)} is buffered per stream up to
 * {@link RemoteProcess#STREAM_BUFFER_BYTES}; when a buffer is full the whole connection waits
 * for it to be read, exactly as a local process waits on a full pipe. So, as with
 * {@link Process}, read both streams (or close the one you do not want).
 */
public interface Session extends AutoCloseable {

    /** Runs a command line through the remote {@code /bin/sh -c} and collects its output. */
    default ExecResult exec(String commandLine) throws IOException {
        return exec(Command.shell(commandLine));
    }

    /** Runs a command with its stdin closed and collects its output in memory. */
    default ExecResult exec(Command command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        return exec(command, out, err).withOutput(out.toByteArray(), err.toByteArray());
    }

    /**
     * Runs a command with its stdin closed, writing its output to {@code stdout} and {@code stderr}
     * as it arrives (memory stays bounded whatever the size). The streams are written, and flushed,
     * on the session's connection thread, so a slow stream slows the connection. If writing to one
     * fails, the command is killed and that failure is thrown. The result carries no output bytes.
     * An interrupted caller kills the command and gets an {@link java.io.InterruptedIOException}.
     */
    ExecResult exec(Command command, OutputStream stdout, OutputStream stderr) throws IOException;

    /**
     * Starts a command with its stdin open ({@link Process#getOutputStream()}; close it to send EOF)
     * and its output buffered for {@link Process#getInputStream()} and {@link Process#getErrorStream()}.
     * Returns once the server has started it.
     *
     * @throws RemoteErrorException when the command cannot be started (for example no such program)
     */
    RemoteProcess start(Command command) throws IOException;

    /**
     * Starts a command with its stdin open and its output written to {@code stdout} and {@code stderr}
     * as it arrives, as {@link #exec(Command, OutputStream, OutputStream)} does; the process's own
     * input and error streams are then empty.
     */
    RemoteProcess start(Command command, OutputStream stdout, OutputStream stderr) throws IOException;

    /** Downloads the remote file {@code remote} to {@code local}; see {@link #get(String, Path, TransferListener)}. */
    default void get(String remote, Path local) throws IOException {
        get(remote, local, TransferListener.NONE);
    }

    /**
     * Downloads the remote file {@code remote} to {@code local} (or into it, under the remote name,
     * when {@code local} is a directory), replacing it atomically once the size and SHA-256 are
     * verified; nothing is left behind on failure.
     *
     * @throws RemoteErrorException      with code {@code NOT_FOUND} when there is no such remote file
     * @throws ChecksumMismatchException when the bytes do not match what the server announced
     */
    void get(String remote, Path local, TransferListener listener) throws IOException;

    /** Uploads {@code local} to the remote path {@code remote}; see {@link #put(Path, String, TransferListener)}. */
    default void put(Path local, String remote) throws IOException {
        put(local, remote, TransferListener.NONE);
    }

    /**
     * Uploads {@code local} to the remote path {@code remote} with the local file's permissions.
     * Returns once the server has the file durably in place and its SHA-256 verified.
     *
     * @throws RemoteErrorException when the server cannot write it (for example a missing directory)
     */
    void put(Path local, String remote, TransferListener listener) throws IOException;

    /**
     * The remote file system operations a recursive {@link RemoteCopy} needs (stat, listing, mkdir, chmod): SFTP's over
     * SSH; over RSP/1, which has no listing request, the remote {@code find}, {@code mkdir} and {@code chmod} run as
     * commands. Close what this returns when done.
     */
    default RemoteFiles files() throws IOException {
        return new ShellFiles(this);
    }

    /**
     * Opens a login shell on a remote pseudo-terminal of type {@code term} and the given size.
     *
     * @throws UnsupportedOperationException when the transport has no terminals (RSP/1)
     */
    default InteractiveShell shell(String term, int columns, int rows) throws IOException {
        throw new UnsupportedOperationException("this transport has no remote terminals; connect with ssh:// for a shell");
    }

    /**
     * Runs {@code command} on a remote pseudo-terminal of type {@code term} and the given size, as {@code ssh -t host
     * top} does: what full-screen programs need. The shell's {@link InteractiveShell#waitFor()} is the command's status.
     *
     * @throws UnsupportedOperationException when the transport has no terminals (RSP/1)
     */
    default InteractiveShell shell(Command command, String term, int columns, int rows) throws IOException {
        throw new UnsupportedOperationException("this transport has no remote terminals; connect with ssh:// for a terminal");
    }

    /** One round trip to the server; returns how long it took. */
    Duration ping() throws IOException;

    /** Closes the connection at once; open requests fail with {@link ConnectionLostException}. */
    @Override
    void close();
}
