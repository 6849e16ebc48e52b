package io.remoteshell.client.cli;

import io.remoteshell.client.RemoteProcess;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies rshell's own stdin to the remote command as it arrives, then sends EOF. */
final class StdinForwarder {

    private StdinForwarder() {
    }

    static void start(RemoteProcess process) {
        // A daemon: when the remote command ends first, rshell exits without waiting for more stdin.
        Thread thread = new Thread(() -> copy(new FileInputStream(FileDescriptor.in), process), "rshell-stdin");
        thread.setDaemon(true);
        thread.start();
    }

    private static void copy(InputStream in, RemoteProcess process) {
        byte[] buf = new byte[RemoteProcess.STDIN_CHUNK_BYTES];
        try (OutputStream remote = process.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                remote.write(buf, 0, n);
                remote.flush();
            }
        } catch (IOException e) {
            // The remote command stopped reading (it ended) or the connection went; the main thread reports which.
        }
    }
}
