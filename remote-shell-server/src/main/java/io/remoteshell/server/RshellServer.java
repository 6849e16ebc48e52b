package io.remoteshell.server;

import io.remoteshell.server.core.AuditLog;
import io.remoteshell.server.core.AuthThrottle;
import io.remoteshell.server.core.CommandRunner;
import io.remoteshell.server.core.PartFiles;
import io.remoteshell.server.core.PathResolver;
import io.remoteshell.server.core.ServerCore;
import io.remoteshell.server.core.UserStore;
import io.remoteshell.server.rsp.RspListener;
import io.remoteshell.server.rsps.RspsFrontEnd;
import io.remoteshell.server.ssh.HostKeySigner;
import io.remoteshell.server.ssh.SshFrontEnd;
import io.remoteshell.server.udp.ProbeIdentity;
import io.remoteshell.server.udp.ProbeResponder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
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
    private final RspsFrontEnd rsps;
    private final SshFrontEnd ssh;
    private final ProbeResponder udp;
    private boolean closed;

    private RshellServer(ServerConfig config, ServerCore core, RspListener rsp, RspsFrontEnd rsps, SshFrontEnd ssh, ProbeResponder udp) {
        this.config = config;
        this.core = core;
        this.rsp = rsp;
        this.rsps = rsps;
        this.ssh = ssh;
        this.udp = udp;
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
        // Before any port opens: what a killed server left half-uploaded is removed first.
        ServerCore core = new ServerCore(users, new AuthThrottle(config.authFailureDelay()), commands,
                PathResolver.ofServerUser(), audit, PartFiles.open(state));
        RspListener rsp = null;
        RspsFrontEnd rsps = null;
        SshFrontEnd ssh = null;
        ProbeResponder udp = null;
        boolean plainAllowed = config.rsps().allowPlaintextRsp() || isLoopback(config.bindAddress());
        if (config.rspEnabled() && !plainAllowed && !config.rsps().enabled() && !config.ssh().enabled()) {
            commands.shutdown(config.shutdownGrace());
            audit.close();
            throw new IOException("nothing to serve on " + config.bindAddress() + ": plain RSP/1 is not served beyond"
                    + " loopback and rsps and SSH are off; turn rsps or SSH on, or pass --allow-plaintext-rsp");
        }
        try {
            // SSH first: its host key is made before its port opens, and so before any port does.
            if (config.ssh().enabled()) {
                ssh = SshFrontEnd.start(core, config, NAME + " " + VERSION);
            }
            if (config.rspEnabled() && !plainAllowed) {
                LOG.warn("{}: not serving plain RSP/1 on {}: it is not a loopback address and RSP/1 is not encrypted;"
                        + " clients use rsps:// or ssh:// (pass --allow-plaintext-rsp to serve plain RSP/1 anyway)",
                        NAME, config.bindAddress());
            } else if (config.rspEnabled()) {
                rsp = RspListener.start(core, config, NAME + " " + VERSION);
                LOG.info("{}: RSP/1 listening on {}:{}", NAME, rsp.address(), rsp.port());
            }
            if (config.rsps().enabled()) {
                rsps = RspsFrontEnd.start(core, config, NAME + " " + VERSION);
                LOG.info("{}: rsps (RSP/1 in TLS 1.3) listening on {}:{}", NAME, rsps.address(), rsps.port());
                LOG.info("{}: rsps key {}: {}", NAME, rsps.keyFile(), rsps.fingerprint());
            }
            if (ssh != null) {
                LOG.info("{}: SSH listening on {}:{}", NAME, ssh.address(), ssh.port());
                LOG.info("{}: SSH host key {}: {}", NAME, ssh.hostKeyFile(), ssh.hostKeyFingerprint());
            }
            if (config.rspEnabled() && config.udpEnabled()) {
                // At the RSP port number even where plain RSP/1 is not served: discovery matters most off loopback.
                int port = rsp != null ? rsp.port() : config.rspPort();
                udp = ProbeResponder.start(config.bindAddress(), port, probeIdentity(config, rsp, rsps, ssh));
            }
        } catch (IOException | RuntimeException e) {
            if (udp != null) {
                udp.close();
            }
            if (rsp != null) {
                rsp.close();
            }
            if (rsps != null) {
                rsps.close();
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
            } else if (rsps != null) {
                LOG.info("created user {}; connect with: bin/rshell rsps://{}@{}:{} uname -a   (token: {})",
                        name, name, rsps.address(), rsps.port(), users.tokenFile(name));
            } else {
                LOG.info("created user {}", name);
            }
            if (ssh != null) {
                LOG.info("{} can log in with: ssh -p {} {}@{} after putting a public key into {} (or setting a password with: {} user passwd {})",
                        name, ssh.port(), name, ssh.address(), users.authorizedKeysFile(name), NAME, name);
            }
        }
        if (udp != null) {
            LOG.info("{}: answering UDP probes (rshell ping, rshell discover) on {}:{}", NAME, config.bindAddress(), udp.port());
        }
        return new RshellServer(config, core, rsp, rsps, ssh, udp);
    }

    /** What probe replies say: every front end that runs and every key clients pin, signed by the SSH host key. */
    private static ProbeIdentity probeIdentity(ServerConfig config, RspListener rsp, RspsFrontEnd rsps, SshFrontEnd ssh)
            throws IOException {
        Map<String, Integer> ports = new TreeMap<>();
        Map<String, String> keys = new TreeMap<>();
        HostKeySigner signer = ssh != null ? ssh.hostKeySigner() : HostKeySigner.load(config.stateDir());
        if (rsp != null) {
            ports.put("rsp", rsp.port());
        }
        if (rsps != null) {
            ports.put("rsps", rsps.port());
            keys.put("rsps", rsps.fingerprint());
        }
        if (ssh != null) {
            ports.put("ssh", ssh.port());
        }
        keys.put("ssh", signer.fingerprint());
        return new ProbeIdentity(NAME + " " + VERSION, ports, keys, signer::sign);
    }

    /** Whether {@code address} is loopback; the unspecified address (0.0.0.0, ::) is every interface, so it is not. */
    static boolean isLoopback(String address) throws IOException {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IOException("cannot listen on " + address + ": unknown host", e);
        }
    }

    /** The port the RSP/1 front end listens on (the real one when the config said 0). */
    public int rspPort() {
        if (rsp == null) {
            throw new IllegalStateException(config.rspEnabled()
                    ? "plain RSP/1 is not served on " + config.bindAddress() + ", which is not loopback (see allowPlaintextRsp)"
                    : "RSP/1 is turned off in this server's configuration");
        }
        return rsp.port();
    }

    /** The port rsps listens on (the real one when the config said 0). */
    public int rspsPort() {
        if (rsps == null) {
            throw new IllegalStateException("rsps is turned off in this server's configuration");
        }
        return rsps.port();
    }

    /** The rsps key's fingerprint, {@code SHA256:...}, as clients pin it. */
    public String rspsFingerprint() {
        if (rsps == null) {
            throw new IllegalStateException("rsps is turned off in this server's configuration");
        }
        return rsps.fingerprint();
    }

    /** True when plain RSP/1 is being served (it is on, and allowed on the bind address). */
    public boolean servesRsp() {
        return rsp != null;
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

    /** The configuration this server was started with (ports as given: 0 stays 0; see the port methods). */
    public ServerConfig config() {
        return config;
    }

    public Path stateDir() {
        return config.stateDir();
    }

    public UserStore users() {
        return core.users();
    }

    /** The shared core behind both front ends; the embedded server watches its commands. */
    ServerCore core() {
        return core;
    }

    /** Stops accepting, TERMs every running command's group, waits the grace period, KILLs the rest, closes connections. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("{}: stopping", NAME);
        if (udp != null) {
            udp.close();
        }
        if (rsp != null) {
            rsp.stopAccepting();
        }
        if (rsps != null) {
            rsps.stopAccepting();
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
        if (rsps != null) {
            rsps.close();
        }
        try {
            core.audit().close();
        } catch (IOException e) {
            LOG.warn("closing the audit log: {}", e.toString());
        }
        LOG.info("{}: stopped", NAME);
    }
}
