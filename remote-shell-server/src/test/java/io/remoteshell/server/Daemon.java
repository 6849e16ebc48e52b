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
 * rshelld in a JVM of its own, as an operator runs it: the one way tests start the real daemon process, for what only
 * a separate process can show (SIGTERM and SIGKILL, signals inherited from a script, a small -Xmx, the daemon's own
 * start-up lines, flags as the command line reads them). Everything else uses {@link EmbeddedRshelld}. Its log is
 * kept so a test can look for a line or an OutOfMemoryError; its heap and threads can be read.
 */
public final class Daemon implements AutoCloseable {

    private static final Pattern RSP = Pattern.compile("RSP/1 listening on \\S+:(\\d+)");
    private static final Pattern RSPS = Pattern.compile("rsps \\(RSP/1 in TLS 1\\.3\\) listening on \\S+:(\\d+)");
    private static final Pattern SSH = Pattern.compile("SSH listening on \\S+:(\\d+)");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    public final Process process;
    public final int rspPort;
    public final int rspsPort;
    public final int sshPort;
    private final StringBuffer log = new StringBuffer();

    private Daemon(Process process, int rspPort, int rspsPort, int sshPort) {
        this.process = process;
        this.rspPort = rspPort;
        this.rspsPort = rspsPort;
        this.sshPort = sshPort;
    }

    /** Starts rshelld with {@code jvmOptions} and {@code args} and waits until every front end it serves listens. */
    public static Daemon start(List<String> jvmOptions, String... args) throws IOException {
        return startThrough(List.of(), jvmOptions, args);
    }

    /**
     * As {@link #start}, the JVM started by {@code wrapper} (a command that ends by exec-ing its arguments, such as
     * {@code sh -c 'trap "" INT; exec "$@"' sh}), so the daemon inherits what the wrapper set up.
     */
    public static Daemon startThrough(List<String> wrapper, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(Jvm.command(Rshelld.class.getName(), jvmOptions.toArray(String[]::new)));
        cmd.addAll(List.of(args));
        List<String> given = List.of(args);
        int at = given.indexOf("--bind");
        String bind = at >= 0 && at + 1 < given.size() ? given.get(at + 1) : "127.0.0.1";
        // What the daemon logs once a front end listens; plain RSP/1 is never served beyond loopback by default.
        boolean rspExpected = bind.startsWith("127.") || bind.equals("::1") || bind.equals("localhost")
                || given.contains("--allow-plaintext-rsp");
        boolean rspsExpected = !given.contains("--no-rsps");
        boolean sshExpected = !given.contains("--no-ssh");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder early = new StringBuilder();
        int rsp = rspExpected ? -1 : 0;
        int rsps = rspsExpected ? -1 : 0;
        int ssh = sshExpected ? -1 : 0;
        boolean rspsKey = !rspsExpected;
        String line;
        while ((rsp < 0 || rsps < 0 || !rspsKey || ssh < 0) && (line = err.readLine()) != null) {
            early.append(line).append('\n');
            rsp = rsp < 0 ? port(RSP, line) : rsp;
            rsps = rsps < 0 ? port(RSPS, line) : rsps;
            rspsKey |= line.contains(": rsps key ");
            // The host key line follows the SSH listening line: the port is known by then.
            ssh = ssh < 0 ? port(SSH, line) : ssh;
        }
        if (rsp < 0 || rsps < 0 || !rspsKey || ssh < 0) {
            p.destroyForcibly();
            throw new IOException("rshelld did not start:\n" + early);
        }
        Daemon d = new Daemon(p, rsp, rsps, ssh);
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

    private static int port(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The lines the daemon logged so far. */
    public List<String> lines() {
        return log.toString().lines().toList();
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
