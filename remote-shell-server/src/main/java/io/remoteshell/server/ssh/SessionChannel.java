package io.remoteshell.server.ssh;

import io.remoteshell.protocol.CommandPolicy;
import io.remoteshell.server.SshConfig;
import io.remoteshell.server.core.Terminal;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SSH "session" channel: MINA's, plus what it lacks. It remembers whether the client asked for
 * a pty (MINA only copies TERM/COLUMNS/LINES into the environment, indistinguishable from an
 * {@code env} request), accepts only LANG, LC_* and the configured environment variables as
 * OpenSSH's AcceptEnv does (and takes {@link CommandPolicy#SSH_TIMEOUT_ENV} as the command's timeout),
 * honours {@code no-pty} and a forced command for subsystems too, and
 * sends {@code exit-signal} before {@code exit-status} when the command died of a signal, both before EOF.
 */
final class SessionChannel extends ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(SessionChannel.class);

    private final SshConfig config;
    private final SshCommands commands;
    private final Map<String, String> acceptedEnv = new LinkedHashMap<>();
    private volatile Terminal terminal;
    private volatile String exitSignal;
    private volatile Duration timeout;

    SessionChannel(SshConfig config, SshCommands commands) {
        this.config = config;
        this.commands = commands;
    }

    /** The pty the client asked for, or null. A pty-req always comes before the shell or exec request. */
    Terminal terminal() {
        return terminal;
    }

    /** The environment variables the client set and the server accepts. */
    synchronized Map<String, String> acceptedEnv() {
        return Map.copyOf(acceptedEnv);
    }

    /** The timeout the client asked for in {@link CommandPolicy#SSH_TIMEOUT_ENV}, or null. */
    Duration timeout() {
        return timeout;
    }

    /** Sends exit-signal {@code name} (e.g. "INT") right before the exit-status that follows. */
    void exitSignal(String name) {
        this.exitSignal = name;
    }

    @Override
    protected RequestHandler.Result handlePtyReqParsed(String term, int columns, int rows, int width, int height,
                                                       Map<PtyMode, Integer> modes) throws IOException {
        if (SshLogin.of(getSession()).noPty()) {
            LOG.info("refused a pty to {} from {}: its key has no-pty", getSession().getUsername(), SshLogin.peer(getSession()));
            return RequestHandler.Result.ReplyFailure;
        }
        terminal = new Terminal(term, columns, rows);
        return super.handlePtyReqParsed(term, columns, rows, width, height, modes);
    }

    @Override
    protected RequestHandler.Result handleEnvParsed(String name, String value) throws IOException {
        if (name.equals(CommandPolicy.SSH_TIMEOUT_ENV)) {
            return acceptTimeout(value);
        }
        if (!accepts(name) || value.indexOf('\0') >= 0) {
            // OpenSSH clients send env without want-reply, so like sshd we just leave it out.
            LOG.debug("ignoring environment variable {} from {}: not accepted", name, SshLogin.peer(getSession()));
            return RequestHandler.Result.ReplyFailure;
        }
        synchronized (this) {
            acceptedEnv.put(name, value);
        }
        return super.handleEnvParsed(name, value);
    }

    /** A request to the server, not a variable for the command: it is not passed on. */
    private RequestHandler.Result acceptTimeout(String millis) {
        try {
            long ms = Long.parseLong(millis);
            if (ms > 0) {
                timeout = Duration.ofMillis(ms);
                return RequestHandler.Result.ReplySuccess;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        LOG.info("ignoring {}={} from {}: not a positive number of milliseconds", CommandPolicy.SSH_TIMEOUT_ENV, millis,
                SshLogin.peer(getSession()));
        return RequestHandler.Result.ReplyFailure;
    }

    private boolean accepts(String name) {
        return name.equals("LANG") || (name.startsWith("LC_") && name.matches("LC_[A-Z_]+")) || config.acceptEnv().contains(name);
    }

    @Override
    protected RequestHandler.Result handleSubsystemParsed(String request, String subsystem) throws IOException {
        if (SshLogin.of(getSession()).forcedCommand() == null) {
            return super.handleSubsystemParsed(request, subsystem);
        }
        // As in OpenSSH, a key's command= also replaces subsystems: "sftp" runs the forced command.
        commandInstance = commands.createCommand(this, subsystem);
        return prepareChannelCommand(request, commandInstance);
    }

    /**
     * Ends the channel in OpenSSH's order: the output, then exit-signal/exit-status, then EOF, then CLOSE. MINA sends
     * EOF first; OpenSSH's client (always so under a ControlMaster) answers EOF with CLOSE at once, and MINA discards
     * the exit status once the channel is closing, so the client saw 255. A client that closes before the exit status
     * (having read what it wanted) is normal: what is left then meets a closing session, which is no error.
     */
    @Override
    protected void closeShell(int exitValue, boolean closeImmediately) throws IOException {
        if (isClosing()) {
            commandExitFuture.setClosed();
            return;
        }
        try {
            if (out != null) {
                out.close(); // flushes; MINA's stream for a command does not send EOF itself
            }
            sendExitStatus(exitValue);
            sendEof();
        } catch (IOException e) {
            if (getSession().isOpen() && !getSession().isClosing()) {
                throw e;
            }
            LOG.debug("exit status {} not sent to {}: the connection is closing ({})", exitValue, SshLogin.peer(getSession()),
                    e.getMessage());
            closeImmediately = true;
        }
        commandExitFuture.setClosed();
        close(closeImmediately);
    }

    @Override
    protected void sendExitStatus(int code) throws IOException {
        String signal = exitSignal;
        if (signal != null && !exitStatusSent.get()) {
            // RFC 4254 6.10: signal name without "SIG", core dumped, error message, language tag. No reply.
            Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
            buffer.putUInt(getRecipient());
            buffer.putString("exit-signal");
            buffer.putBoolean(false);
            buffer.putString(signal);
            buffer.putBoolean(false);
            buffer.putString("");
            buffer.putString("");
            writePacket(buffer);
        }
        super.sendExitStatus(code);
    }
}
