package io.remoteshell.client.ssh;

import io.remoteshell.client.ConnectionLostException;
import io.remoteshell.client.InteractiveShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;

/** A shell channel with a pty: what {@code ssh host} opens. */
final class SshShell implements InteractiveShell {

    private final ChannelShell channel;

    private SshShell(ChannelShell channel) {
        this.channel = channel;
    }

    static SshShell open(ClientSession session, String term, int columns, int rows, Duration timeout) throws IOException {
        PtyChannelConfiguration pty = new PtyChannelConfiguration();
        pty.setPtyType(term);
        pty.setPtyColumns(columns);
        pty.setPtyLines(rows);
        ChannelShell channel = session.createShellChannel(pty, Map.of());
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
                throw new ConnectionLostException("the SSH connection closed while the shell was running");
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
