package io.remoteshell.server.ssh;

import io.remoteshell.server.core.CommandSpec;
import io.remoteshell.server.core.ServerCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;

/**
 * Decides what an exec or shell request runs. A key's forced command wins over anything asked
 * for (the request is passed on in SSH_ORIGINAL_COMMAND, as OpenSSH does); legacy {@code scp -t/-f}
 * goes to MINA's SCP (on {@link TransferFileSystem}'s files, as SFTP); everything else runs through the core: an exec
 * as {@code /bin/sh -c LINE}, a shell as the login shell ({@code $SHELL -l}, else {@code /bin/sh -l}),
 * on a pty when the client asked for one and over pipes when not.
 */
final class SshCommands implements CommandFactory, ShellFactory {

    private final ServerCore core;
    private final ScpCommandFactory scp;
    private final String shell;

    SshCommands(ServerCore core, ScpCommandFactory scp) {
        this.core = core;
        this.scp = scp;
        String s = System.getenv("SHELL");
        this.shell = s != null && s.startsWith("/") && Files.isExecutable(Path.of(s)) ? s : "/bin/sh";
    }

    @Override
    public Command createCommand(ChannelSession channel, String commandLine) throws IOException {
        SessionChannel session = (SessionChannel) channel;
        String forced = SshLogin.of(channel.getSession()).forcedCommand();
        if (forced != null) {
            return forced(session, forced, commandLine);
        }
        if (session.terminal() == null && (commandLine.startsWith("scp -") || commandLine.startsWith("scp "))) {
            return new AuditedCommand(core.audit(), scp.createCommand(channel, commandLine), "scp", commandLine, channel.getServerSession());
        }
        return new CoreCommand(core, spec(session, commandLine, null, Map.of()), "exec", session);
    }

    @Override
    public Command createShell(ChannelSession channel) {
        SessionChannel session = (SessionChannel) channel;
        String forced = SshLogin.of(channel.getSession()).forcedCommand();
        if (forced != null) {
            return forced(session, forced, null);
        }
        return new CoreCommand(core, spec(session, null, List.of(shell, "-l"), Map.of()), "shell", session);
    }

    private Command forced(SessionChannel session, String forced, String original) {
        Map<String, String> extra = original == null ? Map.of() : Map.of("SSH_ORIGINAL_COMMAND", original);
        return new CoreCommand(core, spec(session, forced, null, extra), "exec", session);
    }

    private CommandSpec spec(SessionChannel session, String command, List<String> argv, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(session.acceptedEnv());
        InetSocketAddress client = (InetSocketAddress) session.getSession().getClientAddress();
        InetSocketAddress server = (InetSocketAddress) session.getSession().getLocalAddress();
        String from = client.getAddress().getHostAddress() + " " + client.getPort();
        env.put("SSH_CLIENT", from + " " + server.getPort());
        env.put("SSH_CONNECTION", from + " " + server.getAddress().getHostAddress() + " " + server.getPort());
        env.putAll(extra);
        return new CommandSpec(command, argv, env, null, session.timeout(), true, session.terminal());
    }
}
