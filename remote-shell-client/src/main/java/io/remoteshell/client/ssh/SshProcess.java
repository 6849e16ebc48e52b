package io.remoteshell.client.ssh;

import io.remoteshell.client.Command;
import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.protocol.Signals;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * An exec channel as a {@link RemoteProcess}: its data goes to the process's streams on MINA's
 * I/O thread (a full buffer holds that thread, and with it the window: that is the back-pressure),
 * its exit-status and exit-signal end it, and a channel closed without either means the
 * connection went.
 */
final class SshProcess extends RemoteProcess {

    private final ClientSession session;
    private final Command command;
    private final ChannelExec channel;
    private final long startNanos = System.nanoTime();
    private volatile boolean timedOut;

    private SshProcess(ClientSession session, Command command, boolean stdinOpen, OutputStream stdout, OutputStream stderr)
            throws IOException {
        super(stdinOpen, stdout, stderr);
        this.session = session;
        this.command = command;
        this.channel = QuietExec.create(session, ShellQuoting.commandLine(command), null);
        channel.setOut(new Receiver(this::stdoutReceived));
        channel.setErr(new Receiver(this::stderrReceived));
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
            process.channel.close(true);
            if (!session.isOpen()) {
                throw new ConnectionLostException("the SSH connection to " + session.getConnectAddress() + " is closed", e);
            }
            throw new RemoteErrorException("EXEC_FAILED", "the server refused to run " + command + ": " + e.getMessage());
        }
        // SSH has no process id for the client.
        process.started(-1);
        if (!stdinOpen) {
            process.channel.getInvertedIn().close();
        }
        command.timeout().ifPresent(limit -> timers.schedule(process::timeOut, limit.toMillis(), TimeUnit.MILLISECONDS));
        return process;
    }

    /** SSH has no timeouts of its own: the client KILLs the group, and the result says it timed out. */
    private void timeOut() {
        if (isAlive()) {
            timedOut = true;
            destroyForcibly();
        }
    }

    private void ended(Throwable reason) {
        Integer status = channel.getExitStatus();
        String signal = channel.getExitSignal();
        if (status == null && signal == null) {
            failed(new ConnectionLostException("the SSH channel of " + command + " closed without an exit status"
                    + (session.isOpen() ? "" : ": the connection is gone")
                    + (reason != null && reason.getMessage() != null ? " (" + reason.getMessage() + ")" : ""), reason));
            return;
        }
        int signalNumber = signal == null ? 0 : Signals.number(signal);
        // Like a shell's $?: death by signal N reads as 128+N, whatever the status said.
        int code = signalNumber > 0 ? 128 + signalNumber : status == null ? 255 : status;
        exited(code, signal, timedOut, Duration.ofNanos(System.nanoTime() - startNanos));
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

    /** Hands what MINA writes to the process's stream. */
    private static final class Receiver extends OutputStream {
        private interface Sink {
            void accept(byte[] b, int off, int len);
        }

        private final Sink sink;

        Receiver(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            sink.accept(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sink.accept(b, off, len);
        }
    }
}
