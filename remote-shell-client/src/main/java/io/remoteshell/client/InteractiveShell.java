package io.remoteshell.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A login shell on a remote pseudo-terminal, as {@code ssh host} opens: keystrokes go to
 * {@link #input()}, the screen comes from {@link #output()} (stderr is the terminal too).
 */
public interface InteractiveShell extends AutoCloseable {

    /** Where keystrokes go, byte for byte (Ctrl-C is the byte 3, which the remote terminal turns into INT). */
    OutputStream input();

    /** What the remote terminal shows; ends when the shell ends. */
    InputStream output();

    /** Tells the remote terminal its new size. */
    void resize(int columns, int rows) throws IOException;

    /** Waits for the shell to end and returns its exit status. */
    int waitFor() throws IOException;

    /** Hangs up the terminal, ending the shell. */
    @Override
    void close();
}
