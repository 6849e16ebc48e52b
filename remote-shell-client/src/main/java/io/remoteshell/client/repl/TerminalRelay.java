package io.remoteshell.client.repl;

import io.remoteshell.client.InteractiveShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * Puts a local terminal through to a remote one, as ssh does with a pty: raw mode (every key, Ctrl-C too, goes to the
 * remote side), the remote screen to the local one, window size changes followed, the old mode back at the end.
 * Used by the REPL's {@code shell} and by {@code rshell -t HOST COMMAND}.
 */
public final class TerminalRelay {

    private TerminalRelay() {
    }

    /** Relays until the remote side ends; returns its exit status. */
    public static int run(Terminal terminal, InteractiveShell shell) throws IOException {
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, signal -> {
            try {
                shell.resize(terminal.getWidth(), terminal.getHeight());
            } catch (IOException e) {
                // The shell is ending; nothing to resize.
            }
        });
        Thread keys = new Thread(() -> forwardKeys(terminal, shell), "rshell-shell-keys");
        keys.setDaemon(true);
        keys.start();
        try (shell) {
            InputStream screenIn = shell.output();
            OutputStream out = terminal.output();
            byte[] buf = new byte[8192];
            int n;
            while ((n = screenIn.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            return shell.waitFor();
        } finally {
            keys.interrupt();
            try {
                keys.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
            terminal.setAttributes(saved);
        }
    }

    /** Keystrokes to the remote terminal until the shell ends; polls, so that no keystroke meant for the REPL is taken after. */
    private static void forwardKeys(Terminal terminal, InteractiveShell shell) {
        NonBlockingReader keys = terminal.reader();
        OutputStream remote = shell.input();
        Charset charset = terminal.encoding();
        StringBuilder pending = new StringBuilder(2);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int c = keys.read(100);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    // Local input ended (a pipe under -tt): the remote terminal reads EOF, as ssh sends it.
                    remote.close();
                    return;
                }
                pending.append((char) c);
                if (Character.isHighSurrogate((char) c)) {
                    continue;
                }
                remote.write(pending.toString().getBytes(charset));
                remote.flush();
                pending.setLength(0);
            }
        } catch (IOException e) {
            // The shell ended (its channel closed) while a key was on its way.
        }
    }
}
