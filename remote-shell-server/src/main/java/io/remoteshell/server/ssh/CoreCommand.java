package io.remoteshell.server.ssh;

import io.remoteshell.protocol.Signals;
import io.remoteshell.server.core.AuditRecord;
import io.remoteshell.server.core.CommandListener;
import io.remoteshell.server.core.CommandSpec;
import io.remoteshell.server.core.ExitStatus;
import io.remoteshell.server.core.OutputKind;
import io.remoteshell.server.core.Refusal;
import io.remoteshell.server.core.RequestException;
import io.remoteshell.server.core.RunningCommand;
import io.remoteshell.server.core.ServerCore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelDataReceiver;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionAware;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exec or shell request run by the shared core, exactly like an RSP/1 EXEC: own session and
 * process group, blocking pump threads per stream, the runner's registry for shutdown, one audit
 * line. Channel data goes to the command's stdin as MINA hands it over ({@link StdinReceiver}), with no
 * thread of its own: the core's writers put it in the pipe, and the channel window is only released
 * once bytes are in the pipe, so a slow command slows the client down. Output is written
 * to the channel and flushed chunk by chunk. window-change resizes the pty, signal and break
 * requests signal the process group, and closing the channel KILLs the whole session.
 */
final class CoreCommand implements Command, CommandListener, ChannelSessionAware {

    private static final Logger LOG = LoggerFactory.getLogger(CoreCommand.class);
    /**
     * Starts commands without a pty off MINA's I/O threads: the spawn blocks its thread until the child has exec'd,
     * and with a handful of I/O threads for every connection, other sessions' packets would wait behind it. MINA
     * replies to the exec request as soon as {@link #start} returns, so the reply also overlaps the spawn (OpenSSH
     * replies before it forks, too). A spawn takes a millisecond or two, so a thread per core is enough; more
     * starts wait in the queue, which the session limits bound, rather than each making a thread a peer could
     * multiply. Idle threads end after a minute.
     */
    private static final ExecutorService SPAWNER = spawner(Math.max(2, Runtime.getRuntime().availableProcessors()));

    private static ExecutorService spawner(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ssh-spawn");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
    private final ServerCore core;
    private final CommandSpec spec;
    private final AuditRecord record;
    private final StdinReceiver stdin = new StdinReceiver();
    private volatile ChannelSession session;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private SessionChannel channel;
    private volatile RunningCommand running;
    private volatile String failure;
    /** Guarded by this: the spawn has returned or failed; the channel closed; signals asked for before that. */
    private boolean launched;
    private boolean destroyed;
    private List<String> earlySignals;

    /** {@code kind} is what the audit log calls it: "exec" or "shell". */
    CoreCommand(ServerCore core, CommandSpec spec, String kind, SessionChannel channel) {
        this.core = core;
        this.spec = spec;
        this.record = AuditRecord.begin("ssh", SshLogin.peer(channel.getServerSession()), channel.getSession().getUsername())
                .kind(kind).command(spec);
    }

    /** Called before the streams are set: with a receiver of its own, MINA gives the command no input stream. */
    @Override
    public void setChannelSession(ChannelSession session) {
        this.session = session;
        session.setDataReceiver(stdin);
    }

    @Override
    public void setInputStream(InputStream in) {
        // Not called while our receiver is installed.
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession session, Environment env) {
        this.channel = (SessionChannel) session;
        env.addSignalListener((c, s) -> resize(env), Signal.WINCH);
        env.addSignalListener((c, s) -> signal(s));
        if (spec.terminal() != null) {
            launch(); // interactive: nothing to gain, and a resize must find the pty
            return;
        }
        try {
            SPAWNER.execute(this::launch);
        } catch (RejectedExecutionException e) {
            launch(); // no thread to be had: spawn here, as before
        }
    }

    private void launch() {
        RunningCommand started;
        try {
            started = core.commands().start(spec, this);
        } catch (RequestException | IOException | RuntimeException e) {
            synchronized (this) {
                launched = true;
                earlySignals = null;
            }
            failure = e instanceof RequestException r ? r.refusal().name() : e instanceof IOException ? "DISCONNECTED" : "INTERNAL";
            LOG.warn("cannot start {} for {} from {}: {}", spec.describe(), channel.getSession().getUsername(),
                    SshLogin.peer(channel.getSession()), e.getMessage());
            report("rshelld: " + e.getMessage() + "\n");
            audit(null);
            exit.onExit(e instanceof RequestException r ? exitCode(r.refusal()) : 255, e.getMessage());
            return;
        }
        stdin.attach(started);
        List<String> signals;
        boolean kill;
        synchronized (this) {
            launched = true;
            signals = earlySignals;
            earlySignals = null;
            kill = destroyed;
        }
        if (kill) {
            if (!started.isDone()) {
                failure = "DISCONNECTED";
                started.kill();
            }
            return;
        }
        if (signals != null) {
            signals.forEach(started::signal);
        }
    }

    @Override
    public void started(RunningCommand command) {
        running = command;
    }

    @Override
    public void output(OutputKind kind, byte[] buf, int off, int len) throws IOException {
        OutputStream stream = kind == OutputKind.STDERR ? err : out;
        stream.write(buf, off, len);
        stream.flush();
    }

    @Override
    public void exited(ExitStatus status) {
        audit(status);
        if (status.signal() != null) {
            channel.exitSignal(status.signal());
        }
        exit.onExit(status.code());
    }

    /**
     * The exit status, EOF and CLOSE are queued by MINA, never waited for: its key exchange holds back only channel
     * data written meanwhile, and all output was flushed chunk by chunk before this. So the exit goes out from the
     * thread that saw it, with no hand-off to another.
     */
    @Override
    public boolean exitedWithoutWaiting() {
        return true;
    }

    /** The channel is closing (client gone, or after exit): nothing of what it ran may outlive it. */
    @Override
    public void destroy(ChannelSession session) {
        synchronized (this) {
            destroyed = true; // a spawn still under way kills what it started
        }
        RunningCommand c = running;
        if (c != null && !c.isDone()) {
            failure = "DISCONNECTED";
            c.kill();
        }
    }

    /** Bytes handed to the command are in its pipe (or dropped as it ended): the client may send as many more. */
    @Override
    public void stdinConsumed(int bytes) {
        ChannelSession s = session;
        if (s != null) {
            try {
                s.getLocalWindow().release(bytes);
            } catch (IOException e) {
                LOG.debug("window adjust not sent: {}", e.toString());
            }
        }
    }

    /**
     * Channel data and EOF, on MINA's thread: queued for the command's standard input without waiting (the core's
     * writer threads put it in the pipe). What comes before the command runs waits here and goes first. Returns 0:
     * the window is released when the bytes are consumed.
     */
    private static final class StdinReceiver implements ChannelDataReceiver {
        private RunningCommand command;
        private List<byte[]> early = new ArrayList<>();
        private boolean eof;

        @Override
        public synchronized int data(ChannelSession channel, byte[] buf, int start, int len) {
            byte[] chunk = Arrays.copyOfRange(buf, start, start + len);
            if (command != null) {
                command.offerStdin(chunk);
            } else if (early != null) {
                early.add(chunk);
            }
            return 0;
        }

        /** EOF from the client, or the channel closing. */
        @Override
        public synchronized void close() {
            if (command != null) {
                command.closeStdin();
            } else {
                eof = true;
            }
        }

        synchronized void attach(RunningCommand c) {
            command = c;
            early.forEach(c::offerStdin);
            early = null;
            if (eof) {
                c.closeStdin();
            }
        }
    }

    private void resize(Environment env) {
        RunningCommand c = running;
        try {
            int columns = Integer.parseInt(env.getEnv().get(Environment.ENV_COLUMNS));
            int rows = Integer.parseInt(env.getEnv().get(Environment.ENV_LINES));
            if (c != null) {
                c.resize(columns, rows);
            }
        } catch (NumberFormatException e) {
            LOG.debug("ignoring a window-change without a size: {}", e.toString());
        }
    }

    /**
     * The exit status a refused command reports, as a shell would: 127 when the program cannot be started
     * (sh's "command not found"), 255 (ssh's "something went wrong") for everything else.
     */
    static int exitCode(Refusal refusal) {
        return refusal == Refusal.EXEC_FAILED ? 127 : 255;
    }

    /**
     * signal and break (as INT) requests, for the signals a client may send over either transport
     * ({@link Signals#REQUESTABLE}); WINCH is the pty's business and other names are ignored, as RFC 4254 says.
     */
    private void signal(Signal s) {
        RunningCommand c = running;
        if (c == null && Signals.REQUESTABLE.contains(s.name())) {
            synchronized (this) {
                c = running;
                if (c == null && !launched) {
                    // asked for while the spawn is under way: sent as soon as it returns
                    if (earlySignals == null) {
                        earlySignals = new ArrayList<>();
                    }
                    earlySignals.add(s.name());
                    return;
                }
            }
        }
        if (c != null && Signals.REQUESTABLE.contains(s.name())) {
            c.signal(s.name());
        } else if (s != Signal.WINCH) {
            LOG.debug("ignoring signal {} from {}: not one a client may send", s.name(), SshLogin.peer(channel.getSession()));
        }
    }

    private void report(String message) {
        try {
            err.write(message.getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            LOG.debug("cannot report to the client: {}", e.toString());
        }
    }

    private void audit(ExitStatus status) {
        RunningCommand c = running;
        core.audit().write(record.exit(status).error(failure).bytes(c == null ? 0 : c.bytesIn(), c == null ? 0 : c.bytesOut()).entry());
    }
}
