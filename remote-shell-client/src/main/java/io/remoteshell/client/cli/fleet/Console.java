package io.remoteshell.client.cli.fleet;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * rshell's stdout and stderr shared by every host's output: each piece is written in one call under one lock, so two
 * hosts' bytes never share a line even when stdout and stderr are the same terminal.
 */
final class Console {

    private final OutputStream out;
    private final OutputStream err;
    private volatile Runnable onClosedStdout = () -> { };
    private volatile boolean stdoutClosed;

    Console(OutputStream out, OutputStream err) {
        this.out = out;
        this.err = err;
    }

    static Console system() {
        return new Console(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    }

    /** What to do once nobody reads stdout any more ({@code rshell -H ... | head}): stop every host. */
    void onClosedStdout(Runnable action) {
        onClosedStdout = action;
    }

    /** Whether stdout's reader went away. */
    boolean stdoutClosed() {
        return stdoutClosed;
    }

    /** Writes {@code bytes} whole to stdout or stderr. */
    synchronized void write(boolean stderr, byte[] bytes) throws IOException {
        OutputStream to = stderr ? err : out;
        try {
            to.write(bytes);
            to.flush();
        } catch (IOException e) {
            if (!stderr && !stdoutClosed) {
                stdoutClosed = true;
                onClosedStdout.run();
            }
            throw e;
        }
    }

    /** A line of rshell's own on stderr (the summary); a failure to write it is nothing to report anywhere. */
    synchronized void say(String line) {
        try {
            err.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            // stderr is gone: there is nowhere left to tell.
        }
    }
}
