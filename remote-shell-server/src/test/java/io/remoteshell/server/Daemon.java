package io.remoteshell.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rshelld in a JVM of its own, as an operator runs it: for what only a separate process can show (SIGKILL, a
 * small -Xmx). Its log is kept so a test can look for an OutOfMemoryError; its heap and threads can be read.
 */
public final class Daemon implements AutoCloseable {

    private static final Pattern RSP = Pattern.compile("RSP/1 listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern SSH = Pattern.compile("SSH listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    public final Process process;
    public final int rspPort;
    public final int sshPort;
    private final StringBuffer log = new StringBuffer();

    private Daemon(Process process, int rspPort, int sshPort) {
        this.process = process;
        this.rspPort = rspPort;
        this.sshPort = sshPort;
    }

    /** Starts rshelld with {@code jvmOptions} and {@code args} and waits until it listens. */
    public static Daemon start(List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(Jvm.command(Rshelld.class.getName(), jvmOptions.toArray(String[]::new)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder early = new StringBuilder();
        int rsp = -1;
        int ssh = List.of(args).contains("--no-ssh") ? 0 : -1;
        String line;
        while ((rsp < 0 || ssh < 0) && (line = err.readLine()) != null) {
            early.append(line).append('\n');
            Matcher m = RSP.matcher(line);
            if (m.find()) {
                rsp = Integer.parseInt(m.group(1));
            }
            m = SSH.matcher(line);
            if (m.find()) {
                ssh = Integer.parseInt(m.group(1));
            }
        }
        if (rsp < 0 || ssh < 0) {
            p.destroyForcibly();
            throw new IOException("rshelld did not start:\n" + early);
        }
        Daemon d = new Daemon(p, rsp, ssh);
        d.log.append(early);
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = err.readLine()) != null) {
                    d.log.append(l).append('\n');
                }
            } catch (IOException ignored) {
                // The daemon is gone.
            }
        }, "daemon-log");
        drain.setDaemon(true);
        drain.start();
        return d;
    }

    public String log() {
        return log.toString();
    }

    /**
     * Threads of the daemon's JVM now, leaving out the JDK's "process reaper" threads: a JDK-wide cached pool that
     * keeps an idle thread 60 s after the process it waited for, whatever the server does.
     */
    public int threadsWithoutReapers() throws IOException {
        int n = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (!Files.readString(t.resolve("comm")).startsWith("process reaper")) {
                        n++;
                    }
                } catch (IOException gone) {
                    // The thread ended while we looked.
                }
            }
        }
        return n;
    }

    /** Threads of the daemon's JVM now. */
    public int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).strip());
            }
        }
        throw new IOException("no thread count for " + process.pid());
    }

    /** Heap in use, in KiB, after a full collection when {@code collect} (live data), else as it stands. */
    public long heapKib(boolean collect) throws IOException, InterruptedException {
        if (collect) {
            jcmd("GC.run");
        }
        Matcher m = USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("cannot read the heap of " + process.pid());
        }
        return Long.parseLong(m.group(1));
    }

    private String jcmd(String what) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** SIGKILL: no shutdown hook, no clean-up, as a crash or the OOM killer would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
