package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.fleet.FleetListener;
import io.remoteshell.client.fleet.HostResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * --out-dir DIR: each host's stdout in DIR/HOST.out and stderr in DIR/HOST.err, written as it arrives (pssh -o and
 * -e). Every selected host gets both files, empty when it printed nothing or could not connect, so that no file is
 * left over from an earlier run.
 */
final class OutDirOutput implements FleetListener {

    private final Path dir;
    private final Map<String, FleetHost> hosts = new ConcurrentHashMap<>();
    private final Map<String, OutputStream> open = new ConcurrentHashMap<>();

    OutDirOutput(Path dir, List<FleetHost> hosts) throws IOException {
        this.dir = dir;
        hosts.forEach(h -> this.hosts.put(h.name(), h));
        Files.createDirectories(dir);
        for (FleetHost h : hosts) {
            // Truncated now, before anything runs, so that each file holds this run's output alone.
            Files.write(file(h, false), new byte[0]);
            Files.write(file(h, true), new byte[0]);
        }
    }

    @Override
    public void stdout(String host, byte[] bytes, int offset, int length) throws IOException {
        stream(host, false).write(bytes, offset, length);
    }

    @Override
    public void stderr(String host, byte[] bytes, int offset, int length) throws IOException {
        stream(host, true).write(bytes, offset, length);
    }

    @Override
    public void finished(HostResult result) {
        for (boolean stderr : new boolean[] {false, true}) {
            OutputStream s = open.remove((stderr ? "2 " : "1 ") + result.host());
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // Reported below by nothing: the bytes written so far are on disk; a full disk shows in the file.
                }
            }
        }
    }

    private OutputStream stream(String host, boolean stderr) throws IOException {
        String key = (stderr ? "2 " : "1 ") + host;
        OutputStream s = open.get(key);
        if (s == null) {
            s = Files.newOutputStream(file(hosts.get(host), stderr));
            open.put(key, s);
        }
        return s;
    }

    private Path file(FleetHost h, boolean stderr) {
        return dir.resolve(h.fileName() + (stderr ? ".err" : ".out"));
    }
}
