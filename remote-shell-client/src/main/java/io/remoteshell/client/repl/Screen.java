package io.remoteshell.client.repl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Where a command's output goes on the terminal: stdout as it comes, stderr in red when the terminal
 * has colours, both through an {@link OutputDecoder}. It remembers whether the output ended with a
 * newline, so the next prompt starts on a line of its own.
 */
final class Screen {

    private static final byte[] RED = "\u001b[31m".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESET = "\u001b[0m".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream terminal;
    private final boolean colour;
    private final Charset remoteCharset;
    private final Charset terminalCharset;
    private boolean atLineStart = true;

    Screen(OutputStream terminal, boolean colour, Charset remoteCharset, Charset terminalCharset) {
        this.terminal = terminal;
        this.colour = colour;
        this.remoteCharset = remoteCharset;
        this.terminalCharset = terminalCharset;
    }

    /** A fresh stream for one command's stdout. */
    OutputStream stdout() {
        return new Stream(false);
    }

    /** A fresh stream for one command's stderr. */
    OutputStream stderr() {
        return new Stream(true);
    }

    /** Ends a partial last line, so that what comes next starts at the left margin. */
    synchronized void endLine() throws IOException {
        if (!atLineStart) {
            terminal.write('\n');
            terminal.flush();
            atLineStart = true;
        }
    }

    /** Output that does not come from the command (messages): written as is. */
    synchronized void print(String text) throws IOException {
        write(text.getBytes(terminalCharset), false);
    }

    private synchronized void write(byte[] bytes, boolean error) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        boolean paint = error && colour;
        if (paint) {
            terminal.write(RED);
        }
        terminal.write(bytes);
        if (paint) {
            terminal.write(RESET);
        }
        terminal.flush();
        atLineStart = bytes[bytes.length - 1] == '\n';
    }

    private final class Stream extends OutputStream {
        private final boolean error;
        private final OutputDecoder decoder = new OutputDecoder(remoteCharset, terminalCharset);

        Stream(boolean error) {
            this.error = error;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Screen.this.write(decoder.decode(b, off, len), error);
        }

        @Override
        public void close() throws IOException {
            Screen.this.write(decoder.finish(), error);
        }
    }
}
