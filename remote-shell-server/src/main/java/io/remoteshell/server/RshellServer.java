package io.remoteshell.server;

import io.remoteshell.server.core.AuditLog;
import io.remoteshell.server.core.AuthThrottle;
import io.remoteshell.server.core.CommandRunner;
import io.remoteshell.server.core.PathResolver;
import io.remoteshell.server.core.ServerCore;
import io.remoteshell.server.core.UserStore;
import io.remoteshell.server.rsp.RspListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: the shared core (users, commands, audit) behind the RSP/1 front end. */
public final class RshellServer implements AutoCloseable {

    public static final String NAME = "rshelld";
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(RshellServer.class);

    private final ServerConfig config;
    private final ServerCore core;
    private final RspListener rsp;
    private boolean closed;

    private RshellServer(ServerConfig config, ServerCore core, RspListener rsp) {
        this.config = config;
        this.core = core;
        this.rsp = rsp;
    }

    /** Binds, creates the server user on first start of an empty state dir, and returns once accepting. */
    public static RshellServer start(ServerConfig config) throws IOException {
        Path state = config.stateDir();
        if (!Files.isDirectory(state)) {
            Files.createDirectories(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        UserStore users = new UserStore(state);
        AuditLog audit = new AuditLog(state.resolve("audit.log"));
        CommandRunner commands = new CommandRunner(PathResolver.ofServerUser());
        ServerCore core = new ServerCore(users, new AuthThrottle(config.authFailureDelay()), commands,
                PathResolver.ofServerUser(), audit);
        RspListener rsp;
        try {
            rsp = RspListener.start(core, config, NAME + " " + VERSION);
        } catch (IOException e) {
            commands.shutdown(config.shutdownGrace());
            audit.close();
            throw e;
        }
        LOG.info("{}: RSP/1 listening on {}:{}", NAME, rsp.address(), rsp.port());
        String name = System.getProperty("user.name");
        if (users.isEmpty() && !UserStore.isValidName(name)) {
            LOG.warn("no users yet, and the server user's name \"{}\" is not a valid rshell user name; add one with: {} user add NAME",
                    name, NAME);
        } else if (users.isEmpty()) {
            users.add(name);
            LOG.info("created user {}; connect with: bin/rshell rsp://{}@{}:{} uname -a   (token: {})",
                    name, name, rsp.address(), rsp.port(), users.tokenFile(name));
        }
        return new RshellServer(config, core, rsp);
    }

    /** The port the RSP/1 front end listens on (the real one when the config said 0). */
    public int rspPort() {
        return rsp.port();
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
        rsp.stopAccepting();
        core.commands().shutdown(config.shutdownGrace());
        rsp.close();
        try {
            core.audit().close();
        } catch (IOException e) {
            LOG.warn("closing the audit log: {}", e.toString());
        }
        LOG.info("{}: stopped", NAME);
    }
}
