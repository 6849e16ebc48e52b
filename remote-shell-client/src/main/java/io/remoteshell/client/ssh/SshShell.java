package io.remoteshell.client.ssh;

import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.InteractiveShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;

/** A shell channel with a pty, what {@code ssh host} opens; or a command on one, what {@code ssh -t host top} runs. */
final class SshShell implements InteractiveShell {

    private final PtyCapableChannelSession channel;

    private SshShell(PtyCapableChannelSession channel) {
        this.channel = channel;
    }

    static SshShell open(ClientSession session, String term, int columns, int rows, Duration timeout) throws IOException {
        ChannelShell channel = session.createShellChannel(pty(term, columns, rows), Map.of());
        return open(channel, timeout);
    }

    /** {@code commandLine} run by the remote shell on a pty of its own. */
    static SshShell open(ClientSession session, String commandLine, String term, int columns, int rows, Duration timeout)
            throws IOException {
        ChannelExec channel = QuietExec.create(session, commandLine, pty(term, columns, rows));
        // An exec channel asks for no terminal unless told to.
        channel.setUsePty(true);
        return open(channel, timeout);
    }

    private static PtyChannelConfiguration pty(String term, int columns, int rows) {
        PtyChannelConfiguration pty = new PtyChannelConfiguration();
        pty.setPtyType(term);
        pty.setPtyColumns(columns);
        pty.setPtyLines(rows);
        return pty;
    }

    private static SshShell open(PtyCapableChannelSession channel, Duration timeout) throws IOException {
        // One stream, as on a real terminal, where stderr is the screen too.
        channel.setRedirectErrorStream(true);
        try {
            channel.open().verify(timeout);
        } catch (IOException e) {
            channel.close(true);
            throw e;
        }
        return new SshShell(channel);
    }

    @Override
    public OutputStream input() {
        return channel.getInvertedIn();
    }

    @Override
    public InputStream output() {
        return channel.getInvertedOut();
    }

    @Override
    public void resize(int columns, int rows) throws IOException {
        channel.sendWindowChange(columns, rows);
    }

    @Override
    public int waitFor() throws IOException {
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0);
        Integer status = channel.getExitStatus();
        if (status == null) {
            if (!channel.getClientSession().isOpen()) {
                String lost = Keepalives.lostReason(channel.getClientSession());
                throw new ConnectionLostException(lost != null ? lost + "; the connection is closed"
                        : "the SSH connection closed while the shell was running");
            }
            return 255;
        }
        return status;
    }

    @Override
    public void close() {
        channel.close(false);
    }
}
