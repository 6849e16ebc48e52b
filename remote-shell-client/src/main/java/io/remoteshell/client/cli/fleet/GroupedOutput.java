package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.fleet.FleetListener;
import io.remoteshell.client.fleet.HostResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * --group: each host's output kept until it is done, then printed in one piece under a {@code === HOST ===} line,
 * its stdout on stdout and its stderr (under its own such line) on stderr. Like pssh -i, it holds a host's whole
 * output in memory; --out-dir is the way for output too large for that.
 */
final class GroupedOutput implements FleetListener {

    private final Console console;
    private final Map<String, ByteArrayOutputStream> kept = new ConcurrentHashMap<>();

    GroupedOutput(Console console) {
        this.console = console;
    }

    @Override
    public void stdout(String host, byte[] bytes, int offset, int length) {
        buffer(host, false).write(bytes, offset, length);
    }

    @Override
    public void stderr(String host, byte[] bytes, int offset, int length) {
        buffer(host, true).write(bytes, offset, length);
    }

    @Override
    public void finished(HostResult result) {
        ByteArrayOutputStream out = kept.remove("1 " + result.host());
        ByteArrayOutputStream err = kept.remove("2 " + result.host());
        try {
            synchronized (console) {
                console.write(false, block(result.host(), out));
                if (err != null && err.size() > 0) {
                    console.write(true, block(result.host(), err));
                }
            }
        } catch (IOException e) {
            // Our own stdout is gone; the summary on stderr still tells what happened.
        }
    }

    private ByteArrayOutputStream buffer(String host, boolean stderr) {
        return kept.computeIfAbsent((stderr ? "2 " : "1 ") + host, k -> new ByteArrayOutputStream());
    }

    private static byte[] block(String host, ByteArrayOutputStream body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("=== " + host + " ===\n").getBytes(StandardCharsets.UTF_8));
        if (body != null && body.size() > 0) {
            byte[] bytes = body.toByteArray();
            b.writeBytes(bytes);
            if (bytes[bytes.length - 1] != '\n') {
                b.write('\n');
            }
        }
        return b.toByteArray();
    }
}
