package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.fleet.FleetListener;
import io.remoteshell.client.fleet.HostResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default output: every line printed as soon as it is complete, prefixed with its host ({@code web1: ...}), stdout
 * to stdout and stderr to stderr. A host's unfinished last line is printed, with a newline, when the host is done; a
 * line longer than {@link #LONGEST_LINE} bytes is printed in pieces of that size, so memory stays bounded.
 */
final class LineOutput implements FleetListener {

    static final int LONGEST_LINE = 64 * 1024;

    private final Console console;
    private final Map<String, byte[]> prefixes = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> pending = new ConcurrentHashMap<>();

    LineOutput(Console console) {
        this.console = console;
    }

    @Override
    public void stdout(String host, byte[] bytes, int offset, int length) throws IOException {
        take(host, false, bytes, offset, length);
    }

    @Override
    public void stderr(String host, byte[] bytes, int offset, int length) throws IOException {
        take(host, true, bytes, offset, length);
    }

    @Override
    public void finished(HostResult result) {
        for (boolean stderr : new boolean[] {false, true}) {
            ByteArrayOutputStream rest = pending.remove(key(result.host(), stderr));
            if (rest != null && rest.size() > 0) {
                try {
                    emit(result.host(), stderr, rest.toByteArray(), 0, rest.size());
                } catch (IOException e) {
                    // Our own stdout is gone; the summary on stderr still tells what happened.
                }
            }
        }
    }

    // One host's calls never overlap (FleetListener's contract), so its buffers need no lock of their own.
    private void take(String host, boolean stderr, byte[] b, int off, int len) throws IOException {
        ByteArrayOutputStream line = pending.computeIfAbsent(key(host, stderr), k -> new ByteArrayOutputStream());
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n' || line.size() + (i - start) + 1 >= LONGEST_LINE) {
                int upTo = b[i] == '\n' ? i : i + 1;
                if (line.size() == 0) {
                    emit(host, stderr, b, start, upTo - start);
                } else {
                    line.write(b, start, upTo - start);
                    emit(host, stderr, line.toByteArray(), 0, line.size());
                    line.reset();
                }
                start = i + 1;
            }
        }
        line.write(b, start, end - start);
    }

    private void emit(String host, boolean stderr, byte[] b, int off, int len) throws IOException {
        byte[] prefix = prefixes.computeIfAbsent(host, h -> (h + ": ").getBytes(StandardCharsets.UTF_8));
        byte[] line = new byte[prefix.length + len + 1];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(b, off, line, prefix.length, len);
        line[line.length - 1] = '\n';
        console.write(stderr, line);
    }

    private static String key(String host, boolean stderr) {
        return (stderr ? "2 " : "1 ") + host;
    }
}
