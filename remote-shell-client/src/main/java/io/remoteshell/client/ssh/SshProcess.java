package io.remoteshell.client.ssh;

import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.protocol.CommandPolicy;
import io.remoteshell.protocol.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * An exec channel as a {@link RemoteProcess}. MINA's I/O thread never writes into the process's bounded
 * buffers: it only fills the channel's own pipes, which hold at most the channel window, and a pump thread
 * per stream moves their bytes on. A program that stops reading one channel thus holds back that channel
 * (its window is released only as the pump reads) and never the session's other channels or its
 * keep-alives. Its exit-status and exit-signal end it, reported once both pumps have drained; a channel
 * closed without either means the connection went.
 */
final class SshProcess extends RemoteProcess {

    private final ClientSession session;
    private final Command command;
    private final ChannelExec channel;
    private final long startNanos = System.nanoTime();
    /** How long after the server's TERM-then-KILL the client gives up on it and KILLs the command itself. */
    private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(2);
    private static final int PUMP_CHUNK = 32 * 1024;

    private volatile boolean killedByClient;
    /** The two pumps still running, plus the channel until it closed: whoever ends last reports the end. */
    private final AtomicInteger running = new AtomicInteger(3);
    private volatile Throwable closeReason;

    private SshProcess(ClientSession session, Command command, boolean stdinOpen, OutputStream stdout, OutputStream stderr)
            throws IOException {
        super(stdinOpen, stdout, stderr);
        this.session = session;
        this.command = command;
        // The timeout goes to the server (rshelld does TERM, then KILL); other servers just ignore the request.
        Map<String, String> env = command.timeout().map(limit -> Map.of(CommandPolicy.SSH_TIMEOUT_ENV,
                Long.toString(limit.toMillis()))).orElse(Map.of());
        this.channel = QuietExec.create(session, ShellQuoting.commandLine(command), null, env);
        // No setOut/setErr: MINA then gives the data to pipes that getInvertedOut/getInvertedErr read.
        channel.addChannelListener(new ChannelListener() {
            @Override
            public void channelClosed(Channel c, Throwable reason) {
                ended(reason);
            }
        });
    }

    /** Opens the channel and starts the command; returns once the server accepted it. */
    static SshProcess start(ClientSession session, Command command, boolean stdinOpen, OutputStream stdout,
                            OutputStream stderr, Duration openTimeout, ScheduledExecutorService timers) throws IOException {
        SshProcess process = new SshProcess(session, command, stdinOpen, stdout, stderr);
        try {
            process.channel.open().verify(openTimeout);
        } catch (IOException e) {
            process.pumpEnded();
            process.pumpEnded();
            process.channel.close(true);
            if (!session.isOpen()) {
                throw new ConnectionLostException("the SSH connection to " + session.getConnectAddress() + " is closed", e);
            }
            throw new RemoteErrorException("EXEC_FAILED", "the server refused to run " + command + ": " + e.getMessage());
        }
        // SSH has no process id for the client.
        process.started(-1);
        process.pump(process.channel.getInvertedOut(), process::stdoutReceived, "stdout");
        process.pump(process.channel.getInvertedErr(), process::stderrReceived, "stderr");
        if (!stdinOpen) {
            process.channel.getInvertedIn().close();
        }
        command.timeout().ifPresent(limit -> timers.schedule(process::outlivedTheServersKill,
                limit.plus(CommandPolicy.TIMEOUT_KILL_GRACE).plus(BACKSTOP_MARGIN).toMillis(), TimeUnit.MILLISECONDS));
        return process;
    }

    /** A server that does not know {@link CommandPolicy#SSH_TIMEOUT_ENV} (not rshelld): the client KILLs the group. */
    private void outlivedTheServersKill() {
        if (isAlive()) {
            killedByClient = true;
            destroyForcibly();
        }
    }

    /** Moves one stream's bytes from MINA's pipe to the process, off MINA's I/O thread. */
    private void pump(InputStream pipe, Sink sink, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[PUMP_CHUNK];
            try (pipe) {
                int n;
                while ((n = pipe.read(buf)) >= 0) {
                    if (n > 0) {
                        sink.accept(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // The channel is gone; its end (and why) is reported by ended().
            } finally {
                pumpEnded();
            }
        }, "rshell-ssh-" + name + " " + command);
        t.setDaemon(true);
        t.start();
    }

    private interface Sink {
        void accept(byte[] b, int off, int len);
    }

    private void pumpEnded() {
        if (running.decrementAndGet() == 0) {
            report();
        }
    }

    /** On MINA's I/O thread: the channel closed. The end is reported once the pumps have delivered everything. */
    private void ended(Throwable reason) {
        closeReason = reason;
        pumpEnded();
    }

    private void report() {
        Throwable reason = closeReason;
        Integer status = channel.getExitStatus();
        String signal = channel.getExitSignal();
        if (status == null && signal == null) {
            String lost = Keepalives.lostReason(session);
            if (lost != null) {
                failed(new ConnectionLostException(lost + "; the connection is closed", reason));
                return;
            }
            failed(new ConnectionLostException("the SSH channel of " + command + " closed without an exit status"
                    + (session.isOpen() ? "" : ": the connection is gone")
                    + (reason != null && reason.getMessage() != null ? " (" + reason.getMessage() + ")" : ""), reason));
            return;
        }
        int signalNumber = signal == null ? 0 : Signals.number(signal);
        // Like a shell's $?: death by signal N reads as 128+N, whatever the status said.
        int code = signalNumber > 0 ? 128 + signalNumber : status == null ? 255 : status;
        Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
        // SSH's exit status cannot say "timed out": an end by TERM or KILL once the limit has passed is the server's
        // timeout. The clock started before the exec request was sent, so it has passed whenever the server's has,
        // even when the exit arrives before a client-side timer would have fired.
        boolean limitPassed = command.timeout().map(limit -> ran.compareTo(limit) >= 0).orElse(false);
        boolean timedOut = killedByClient || (limitPassed && ("TERM".equals(signal) || "KILL".equals(signal)));
        exited(code, signal, timedOut, ran);
    }

    @Override
    protected void sendStdin(byte[] b, int off, int len) throws IOException {
        OutputStream in = channel.getInvertedIn();
        in.write(b, off, len);
        in.flush();
    }

    @Override
    protected void sendStdinEof() throws IOException {
        channel.getInvertedIn().close();
    }

    /** RFC 4254 6.9: a "signal" channel request, without reply; the server signals the command's process group. */
    @Override
    protected void sendSignal(String name) throws IOException {
        Buffer request = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32 + name.length());
        request.putUInt(channel.getRecipient());
        request.putString("signal");
        request.putBoolean(false);
        request.putString(name);
        channel.writePacket(request);
    }

    @Override
    public String toString() {
        return "RemoteProcess[ssh " + session.getConnectAddress() + ": " + command + "]";
    }
}
