package io.remoteshell.server.ssh;

import io.remoteshell.server.ServerConfig;
import io.remoteshell.server.SshConfig;
import io.remoteshell.server.core.ServerCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.forward.DirectTcpipFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.global.CancelTcpipForwardHandler;
import org.apache.sshd.server.global.NoMoreSessionsHandler;
import org.apache.sshd.server.global.OpenSshHostKeysHandler;
import org.apache.sshd.server.global.TcpipForwardHandler;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;
import org.apache.sshd.server.session.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH front end: Apache MINA SSHD set up with nothing left at its defaults that matters for
 * security (its defaults read the JVM user's ~/.ssh/authorized_keys, offer keyboard-interactive,
 * start SFTP and SCP in the JVM's working directory, run exec strings without a shell and accept SHA-1).
 * Everything it runs goes through the shared core; all MINA types stay in this package.
 */
public final class SshFrontEnd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SshFrontEnd.class);
    static final int MAX_AUTH_ATTEMPTS = 6;
    /**
     * How long output may wait for the client to open its window. MINA fails the write after 30 s by default; a
     * user who pauses a terminal with ^S, or a client reading slowly, must back-pressure the command instead.
     */
    private static final Duration WAIT_FOR_SPACE = Duration.ofDays(1);
    private static final int SCP_BUFFER = 128 << 10;

    private final Server sshd;
    private final HostKey hostKey;
    private final SshAuthenticator auth;
    private final ScheduledExecutorService timer;

    private SshFrontEnd(Server sshd, HostKey hostKey, SshAuthenticator auth, ScheduledExecutorService timer) {
        this.sshd = sshd;
        this.hostKey = hostKey;
        this.auth = auth;
        this.timer = timer;
    }

    /** An SshServer whose listening socket can be closed before its sessions are, and whose sessions are SshConnections. */
    private static final class Server extends SshServer {
        void stopAccepting() {
            if (acceptor != null) {
                acceptor.unbind();
            }
        }

        @Override
        protected SessionFactory createSessionFactory() {
            return new SessionFactory(this) {
                @Override
                protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
                    return new SshConnection(getServer(), ioSession);
                }
            };
        }
    }

    /** Binds {@code config.bindAddress():config.ssh().port()} and starts accepting. */
    public static SshFrontEnd start(ServerCore core, ServerConfig config, String serverVersion) throws IOException {
        SshConfig ssh = config.ssh();
        HostKey hostKey = HostKey.loadOrCreate(config.stateDir());
        if (ssh.sftpRoot() != null && !Files.isDirectory(ssh.sftpRoot())) {
            throw new IOException("the SFTP root " + ssh.sftpRoot() + " is not a directory; give an existing one with --sftp-root");
        }
        TransferFileSystem files = ssh.sftpRoot() != null ? TransferFileSystem.jail(ssh.sftpRoot())
                : TransferFileSystem.real(Path.of(System.getProperty("user.home")));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ssh-auth-timer");
            t.setDaemon(true);
            return t;
        });
        Server sshd = (Server) ServerBuilder.builder().factory(Server::new).build();
        // MINA would switch to whichever I/O backend (Netty, MINA) it finds on the class path; QuickAck knows NIO2's.
        sshd.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory());
        sshd.setHost(config.bindAddress());
        sshd.setPort(ssh.port());
        SshAlgorithms.apply(sshd);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey.keyPair()));

        SshAuthenticator auth = new SshAuthenticator(core, timer);
        List<UserAuthFactory> methods = new ArrayList<>(List.of(UserAuthPublicKeyFactory.INSTANCE));
        sshd.setPublickeyAuthenticator(auth);
        if (ssh.passwordAuth()) {
            methods.add(UserAuthPasswordFactory.INSTANCE);
            sshd.setPasswordAuthenticator(auth);
        } else {
            sshd.setPasswordAuthenticator(null);
        }
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setUserAuthFactories(methods);
        sshd.addSessionListener(new LoginGateListener(config.limits().maxStartups(), config.limits().maxStartupsPerSource(),
                config.authTimeout(), timer));
        sshd.addSessionListener(new ConnectionLimit(config.maxConnections()));
        sshd.setServiceFactories(List.of(ServerUserAuthServiceFactory.INSTANCE, new SessionCap(config.maxSessions())));
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    auth.succeeded((ServerSession) session);
                }
            }
        });

        CoreModuleProperties.SERVER_IDENTIFICATION.set(sshd, serverVersion.replace(' ', '_'));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(sshd, MAX_AUTH_ATTEMPTS);
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, config.authTimeout());
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, ssh.idleTimeout());
        CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(sshd, WAIT_FOR_SPACE);
        // Off by default in MINA: small packets (auth replies, exit-status, keystrokes) would wait for delayed ACKs.
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        CoreModuleProperties.SOCKET_KEEPALIVE.set(sshd, true);

        // scp -O copies through a buffer of this size each way (MINA's default is 8 KiB: four reads of the channel
        // and four of the file per 32 KiB packet).
        ScpCommandFactory scp = new ScpCommandFactory.Builder().withFileOpener(files.scpFileOpener())
                .withReceiveBufferSize(SCP_BUFFER).withSendBufferSize(SCP_BUFFER).build();
        SshCommands commands = new SshCommands(core, scp);
        List<ChannelFactory> channels = new ArrayList<>();
        channels.add(new ChannelFactory() {
            @Override
            public String getName() {
                return "session";
            }

            @Override
            public SessionChannel createChannel(Session session) {
                return new SessionChannel(ssh, commands);
            }
        });
        List<RequestHandler<ConnectionService>> globalRequests = new ArrayList<>(List.of(
                KeepAliveHandler.INSTANCE, NoMoreSessionsHandler.INSTANCE, OpenSshHostKeysHandler.INSTANCE));
        if (ssh.allowForwarding()) {
            channels.add(DirectTcpipFactory.INSTANCE);
            globalRequests.add(TcpipForwardHandler.INSTANCE);
            globalRequests.add(CancelTcpipForwardHandler.INSTANCE);
            sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        } else {
            // Belt and braces: no channel type, no global request and a filter that says no.
            sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        }
        sshd.setAgentFactory(null); // agent forwarding needs a local agent socket rshelld does not provide
        sshd.setChannelFactories(channels);
        sshd.setGlobalRequestHandlers(globalRequests);
        sshd.setCommandFactory(commands);
        sshd.setShellFactory(commands);
        sshd.setSubsystemFactories(List.of(new AuditedSftpFactory(core.audit(), files)));
        sshd.setFileSystemFactory(files);

        try {
            sshd.start();
        } catch (IOException | RuntimeException e) {
            timer.shutdownNow();
            auth.close();
            sshd.stop(true);
            throw new IOException("cannot listen for SSH on " + config.bindAddress() + ":" + ssh.port() + ": " + e.getMessage(), e);
        }
        SshFrontEnd frontEnd = new SshFrontEnd(sshd, hostKey, auth, timer);
        LOG.debug("ssh algorithms: {}", SshAlgorithms.describe(sshd));
        return frontEnd;
    }

    /** The port actually bound (the real one when the config said 0). */
    public int port() {
        return sshd.getPort();
    }

    /** The address actually bound. */
    public String address() {
        for (SocketAddress a : sshd.getBoundAddresses()) {
            if (a instanceof InetSocketAddress i) {
                return i.getAddress().getHostAddress();
            }
        }
        return sshd.getHost();
    }

    /** The host key's fingerprint as {@code ssh-keygen -lf} prints it: {@code 256 SHA256:... (ED25519)}. */
    public String hostKeyFingerprint() {
        return hostKey.fingerprintLine();
    }

    /** Signs with this front end's host key, for the UDP probe. */
    public HostKeySigner hostKeySigner() {
        return new HostKeySigner(hostKey);
    }

    public Path hostKeyFile() {
        return hostKey.file();
    }

    /** The fingerprint line of the host key in {@code stateDir} (made there first if there is none yet), for {@code rshelld fingerprint}. */
    public static String hostKeyFingerprint(Path stateDir) throws IOException {
        return HostKey.loadOrCreate(stateDir).fingerprintLine();
    }

    /** Where the host key of {@code stateDir} is kept. */
    public static Path hostKeyFile(Path stateDir) {
        return stateDir.resolve(HostKey.FILE_NAME);
    }

    /** Stops accepting; open connections go on (their commands get the runner's TERM at shutdown). */
    public void stopAccepting() {
        sshd.stopAccepting();
    }

    /** Closes every connection at once; whatever their channels still run is KILLed. */
    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            LOG.warn("stopping the SSH server: {}", e.toString());
        }
        auth.close();
        timer.shutdownNow();
    }
}
