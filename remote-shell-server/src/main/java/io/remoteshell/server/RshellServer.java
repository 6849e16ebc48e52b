package io.remoteshell.server;

import io.remoteshell.server.core.AuditLog;
import io.remoteshell.server.core.AuthThrottle;
import io.remoteshell.server.core.CommandRunner;
import io.remoteshell.server.core.PathResolver;
import io.remoteshell.server.core.ServerCore;
import io.remoteshell.server.core.UserStore;
import io.remoteshell.server.rsp.RspListener;
import io.remoteshell.server.ssh.SshFrontEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: the shared core (users, commands, audit) behind the RSP/1 and SSH front ends. */
public final class RshellServer implements AutoCloseable {

    public static final String NAME = "rshelld";
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(RshellServer.class);

    private final ServerConfig config;
    private final ServerCore core;
    private final RspListener rsp;
    private final SshFrontEnd ssh;
    private boolean closed;

    private RshellServer(ServerConfig config, ServerCore core, RspListener rsp, SshFrontEnd ssh) {
        this.config = config;
        this.core = core;
        this.rsp = rsp;
        this.ssh = ssh;
    }

    /** Binds, creates the server user on first start of an empty state dir, and returns once accepting. */
    public static RshellServer start(ServerConfig config) throws IOException {
        Path state = config.stateDir();
        if (!Files.isDirectory(state)) {
            Files.createDirectories(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        UserStore users = new UserStore(state);
        // Ready before listening: a script that waits for the port and then reads the token file must find it.
        String name = System.getProperty("user.name");
        boolean created = false;
        if (users.isEmpty() && !UserStore.isValidName(name)) {
            LOG.warn("no users yet, and the server user's name \"{}\" is not a valid rshell user name; add one with: {} user add NAME",
                    name, NAME);
        } else if (users.isEmpty()) {
            users.add(name);
            created = true;
        }
        AuditLog audit = new AuditLog(state.resolve("audit.log"));
        CommandRunner commands = new CommandRunner(PathResolver.ofServerUser());
        ServerCore core = new ServerCore(users, new AuthThrottle(config.authFailureDelay()), commands,
                PathResolver.ofServerUser(), audit);
        RspListener rsp = null;
        SshFrontEnd ssh = null;
        try {
            // SSH first: its host key is made before its port opens, and so before any port does.
            if (config.ssh().enabled()) {
                ssh = SshFrontEnd.start(core, config, NAME + " " + VERSION);
            }
            if (config.rspEnabled()) {
                rsp = RspListener.start(core, config, NAME + " " + VERSION);
                LOG.info("{}: RSP/1 listening on {}:{}", NAME, rsp.address(), rsp.port());
            }
            if (ssh != null) {
                LOG.info("{}: SSH listening on {}:{}", NAME, ssh.address(), ssh.port());
                LOG.info("{}: SSH host key {}: {}", NAME, ssh.hostKeyFile(), ssh.hostKeyFingerprint());
            }
        } catch (IOException | RuntimeException e) {
            if (rsp != null) {
                rsp.close();
            }
            if (ssh != null) {
                ssh.close();
            }
            commands.shutdown(config.shutdownGrace());
            audit.close();
            throw e;
        }
        if (created) {
            if (rsp != null) {
                LOG.info("created user {}; connect with: bin/rshell rsp://{}@{}:{} uname -a   (token: {})",
                        name, name, rsp.address(), rsp.port(), users.tokenFile(name));
            } else {
                LOG.info("created user {}", name);
            }
            if (ssh != null) {
                LOG.info("{} can log in with: ssh -p {} {}@{} after putting a public key into {} (or setting a password with: {} user passwd {})",
                        name, ssh.port(), name, ssh.address(), users.authorizedKeysFile(name), NAME, name);
            }
        }
        return new RshellServer(config, core, rsp, ssh);
    }

    /** The port the RSP/1 front end listens on (the real one when the config said 0). */
    public int rspPort() {
        if (rsp == null) {
            throw new IllegalStateException("RSP/1 is turned off in this server's configuration");
        }
        return rsp.port();
    }

    /** The port the SSH front end listens on (the real one when the config said 0). */
    public int sshPort() {
        if (ssh == null) {
            throw new IllegalStateException("SSH is turned off in this server's configuration");
        }
        return ssh.port();
    }

    /** The SSH host key's fingerprint as {@code ssh-keygen -lf} prints it, e.g. {@code 256 SHA256:... (ED25519)}. */
    public String sshHostKeyFingerprint() {
        if (ssh == null) {
            throw new IllegalStateException("SSH is turned off in this server's configuration");
        }
        return ssh.hostKeyFingerprint();
    }

    public Path stateDir() {
        return config.stateDir();
    }

    public UserStore users() {
        return core.users();
    }

    /** Stops accepting, TERMs every running command's group, waits the grace period, KILLs the rest, closes connections. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("{}: stopping", NAME);
        if (rsp != null) {
            rsp.stopAccepting();
        }
        if (ssh != null) {
            ssh.stopAccepting();
        }
        core.commands().shutdown(config.shutdownGrace());
        if (ssh != null) {
            ssh.close();
        }
        if (rsp != null) {
            rsp.close();
        }
        try {
            core.audit().close();
        } catch (IOException e) {
            LOG.warn("closing the audit log: {}", e.toString());
        }
        LOG.info("{}: stopped", NAME);
    }
}
