package io.remoteshell.client.ssh;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfigurationHolder;

/**
 * An exec channel whose command line MINA never logs. SSH has no environment of its own that servers accept, so a
 * {@link io.remoteshell.client.Command}'s variables travel inside the command line ({@link ShellQuoting}); MINA logs
 * that line at DEBUG (and on a refused exec, at WARN), which would put the values of, say, an API key into an
 * application's log. MINA keeps the line twice, as text for its log messages and as the bytes it sends: the text
 * here is a placeholder, and the bytes sent are the real line.
 */
final class QuietExec {

    /** What MINA's log messages show instead of the command line. */
    static final String LOGGED = "(command line not logged: it may hold environment values)";

    private static final Field COMMAND_BYTES = commandBytesField();

    private QuietExec() {
    }

    /** A new exec channel on {@code session} for {@code commandLine}, with a pty when {@code pty} is not null. */
    static ChannelExec create(ClientSession session, String commandLine, PtyChannelConfigurationHolder pty) throws IOException {
        return create(session, commandLine, pty, Map.of());
    }

    /** As {@link #create(ClientSession, String, PtyChannelConfigurationHolder)}, sending {@code env} requests first. */
    static ChannelExec create(ClientSession session, String commandLine, PtyChannelConfigurationHolder pty, Map<String, ?> env)
            throws IOException {
        ChannelExec channel = new ChannelExec(LOGGED, pty, env);
        try {
            COMMAND_BYTES.set(channel, commandLine.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set the command of MINA's ChannelExec", e);
        }
        session.getService(org.apache.sshd.common.session.ConnectionService.class).registerChannel(channel);
        return channel;
    }

    private static Field commandBytesField() {
        try {
            Field f = ChannelExec.class.getDeclaredField("cmdBytes");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            // A MINA upgrade renamed it: fail loudly (the library-hygiene test would see the leak otherwise).
            throw new ExceptionInInitializerError("MINA's ChannelExec has no cmdBytes field any more: " + e.getMessage());
        }
    }
}
