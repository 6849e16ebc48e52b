package io.remoteshell.client.junit;

import io.remoteshell.client.Credentials;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.SecretPrompt;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real rshelld ({@link EmbeddedRshelld}) for JUnit 5 tests.
 * <pre>{@code
 * @RegisterExtension
 * static RshelldExtension server = RshelldExtension.builder().user("alice").build();
 *
 * @Test
 * void runs(@Rsp Session rsp, @Rsps Session tls, @Ssh Session ssh) throws IOException {
 *     assertEquals("hi\n", rsp.exec("echo hi").stdoutText());
 * }
 * }</pre>
 * <b>What it starts.</b> In a static field: one server for the whole class (and its {@code @Nested} classes), started
 * before the first test and stopped after the last. In an instance field: a new server for every test. Each server
 * serves RSP/1, rsps and SSH on free loopback ports, keeps its state in a fresh temporary directory, and has the users the
 * builder named (default {@value EmbeddedRshelld#DEFAULT_USER}), each with a generated token and Ed25519 key; its
 * known_hosts file lists the host key, so {@code ssh}, paramiko or Ansible can check it strictly (see
 * {@link EmbeddedRshelld#sshCommand(String...)}), and its rsps_known_hosts file pins the rsps key
 * ({@link EmbeddedRshelld#rspsKnownHosts()}). Commands run as the user running the tests. Turn a front end off with
 * the builder ({@code rsp(false)}, {@code rsps(false)}, {@code ssh(false)}) when a test class does not use it.
 * <p>
 * <b>What it injects.</b> Test, {@code @BeforeEach} and {@code @AfterEach} parameters of type {@link Session} (a
 * connected session of the first user: {@link Rsp @Rsp} over RSP/1, {@link Rsps @Rsps} over rsps pinned to the server's
 * key, {@link Ssh @Ssh} over SSH checking its host key, unannotated RSP/1 when it is on, else SSH, else rsps) and {@link EmbeddedRshelld} (ports, users, token files, keys, known_hosts, file helpers). With two such
 * extensions in one class, inject neither: JUnit cannot tell which is meant; use the fields' {@code connect} methods.
 * <p>
 * <b>What it cleans up.</b> After each test: the sessions it injected are closed (also those given to
 * {@code @BeforeEach} and {@code @AfterEach}); then it checks that no command the
 * test started on the server is still running (waiting up to {@link EmbeddedRshelld#LEFTOVER_GRACE} for commands of
 * closed connections to end), kills what is left with its process group, and fails the test naming each command.
 * When tests run in parallel on one server, the check runs when the last of the overlapping tests ends and covers all
 * of them, so a leftover is always reported but possibly in a neighbour. After the class (or the test, for an instance
 * field): the server is stopped as SIGTERM stops the daemon (commands still running get TERM, then KILL after the
 * shutdown grace), and its directory (state, keys, token files, known_hosts files, files written by the helpers) is
 * deleted. Processes a test started itself on this machine (an {@code ssh} or {@code rshell} subprocess) are the test's
 * to end: the check sees only commands the server ran.
 * <p>
 * Thread-safe: works with JUnit's parallel execution ({@code junit.jupiter.execution.parallel.enabled}).
 */
public final class RshelldExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private final EmbeddedRshelld.Builder setup;
    private final boolean checkLeftovers;
    private final Duration leftoverGrace;
    private final Map<String, List<Session>> sessions = new ConcurrentHashMap<>();
    private volatile EmbeddedRshelld server;
    private volatile String startedFor;
    private int activeTests;
    private long idleMark;

    private RshelldExtension(Builder b) {
        this.setup = b.setup;
        this.checkLeftovers = b.checkLeftovers;
        this.leftoverGrace = b.leftoverGrace;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        startFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeSessions(context);
        stopIfStartedFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        startFor(context);
        synchronized (this) {
            if (activeTests++ == 0) {
                idleMark = server.commandsStarted();
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeSessions(context);
        long since;
        boolean last;
        synchronized (this) {
            last = --activeTests == 0;
            since = idleMark;
        }
        try {
            EmbeddedRshelld s = server;
            if (checkLeftovers && last && s != null && s.isRunning()) {
                List<String> left = s.commandsStillRunning(since, leftoverGrace);
                if (!left.isEmpty()) {
                    throw new AssertionError("the test left " + left.size() + " command(s) running on the embedded rshelld: "
                            + String.join(", ", left) + "; they were killed now. Wait for every command the test starts"
                            + " (waitFor, exec) or close its session before the test ends.");
                }
            }
        } finally {
            stopIfStartedFor(context);
        }
    }

    private synchronized void startFor(ExtensionContext context) throws IOException {
        if (server == null) {
            server = setup.start();
            startedFor = context.getUniqueId();
        }
    }

    private synchronized void stopIfStartedFor(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(startedFor)) {
            server.close();
            server = null;
            startedFor = null;
        }
    }

    private void closeSessions(ExtensionContext context) {
        List<Session> mine = sessions.remove(context.getUniqueId());
        if (mine == null) {
            return;
        }
        synchronized (mine) {
            for (Session s : mine) {
                try {
                    s.close();
                } catch (Exception e) {
                    // The session's connection is already gone; nothing left to release.
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Session.class || type == EmbeddedRshelld.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedRshelld s = server();
        if (parameter.getParameter().getType() == EmbeddedRshelld.class) {
            return s;
        }
        Front front = Front.of(parameter, s);
        if (!front.servedBy(s)) {
            throw new ParameterResolutionException("the embedded rshelld does not serve " + front.label + ": the extension's"
                    + " builder turned it off (" + front.builderMethod + "(false)); turn it on or ask for another session");
        }
        try {
            Session session = switch (front) {
                case RSP -> connectRsp();
                case RSPS -> connectRsps();
                case SSH -> connectSsh();
            };
            List<Session> mine = sessions.computeIfAbsent(context.getUniqueId(), k -> new ArrayList<>());
            synchronized (mine) {
                mine.add(session);
            }
            return session;
        } catch (IOException | RuntimeException e) {
            throw new ParameterResolutionException("cannot connect to the embedded rshelld over " + front.label
                    + ": " + e.getMessage(), e);
        }
    }

    /** Which front end a {@code Session} parameter asks for. */
    private enum Front {
        RSP("RSP/1", "rsp"), RSPS("rsps", "rsps"), SSH("SSH", "ssh");

        final String label;
        final String builderMethod;

        Front(String label, String builderMethod) {
            this.label = label;
            this.builderMethod = builderMethod;
        }

        boolean servedBy(EmbeddedRshelld s) {
            return switch (this) {
                case RSP -> s.rspEnabled();
                case RSPS -> s.rspsEnabled();
                case SSH -> s.sshEnabled();
            };
        }

        static Front of(ParameterContext parameter, EmbeddedRshelld s) {
            if (parameter.isAnnotated(Rsps.class)) {
                return RSPS;
            }
            if (parameter.isAnnotated(Ssh.class)) {
                return SSH;
            }
            if (parameter.isAnnotated(Rsp.class) || s.rspEnabled()) {
                return RSP;
            }
            return s.sshEnabled() ? SSH : RSPS;
        }
    }

    /** The running server: ports, users, token files, keys, known_hosts, file helpers. */
    public EmbeddedRshelld server() {
        EmbeddedRshelld s = server;
        if (s == null) {
            throw new IllegalStateException("the embedded rshelld runs only while tests run: register the extension with"
                    + " @RegisterExtension (static for one server per class) and use it from tests or @BeforeEach/@AfterEach");
        }
        return s;
    }

    /** A new RSP/1 session of the first user, logged in with its token; the caller closes it. */
    public Session connectRsp() throws IOException {
        EmbeddedRshelld s = server();
        return RemoteShell.connect(s.rspUri(), Credentials.tokenFile(s.tokenFile()));
    }

    /** A new SSH session of the first user, with its generated key, checking the host key strictly; the caller closes it. */
    public Session connectSsh() throws IOException {
        EmbeddedRshelld s = server();
        return RemoteShell.connect(s.sshUri(), Credentials.sshKeys(List.of(s.privateKey()), SecretPrompt.NONE),
                HostKeys.strict(s.knownHosts()));
    }

    /**
     * A new rsps session of the first user, logged in with its token, accepting only the embedded server's own key
     * ({@link EmbeddedRshelld#rspsKnownHosts()}); the caller closes it.
     */
    public Session connectRsps() throws IOException {
        EmbeddedRshelld s = server();
        return RemoteShell.connect(s.rspsUri(), Credentials.tokenFile(s.tokenFile()), ServerPins.strict(s.rspsKnownHosts()),
                RemoteShell.DEFAULT_CONNECT_TIMEOUT);
    }

    public String host() {
        return server().host();
    }

    public int rspPort() {
        return server().rspPort();
    }

    public int sshPort() {
        return server().sshPort();
    }

    public int rspsPort() {
        return server().rspsPort();
    }

    /** The rsps key's fingerprint, {@code SHA256:...}, as rsps clients pin it. */
    public String rspsFingerprint() {
        return server().rspsFingerprint();
    }

    public URI rspsUri() {
        return server().rspsUri();
    }

    /** See {@link EmbeddedRshelld#rspsKnownHosts()}. */
    public Path rspsKnownHosts() {
        return server().rspsKnownHosts();
    }

    public String user() {
        return server().user();
    }

    public URI rspUri() {
        return server().rspUri();
    }

    public URI sshUri() {
        return server().sshUri();
    }

    public Path tokenFile() {
        return server().tokenFile();
    }

    public Path privateKey() {
        return server().privateKey();
    }

    public Path knownHosts() {
        return server().knownHosts();
    }

    /** A new Ed25519 pair at {@code privateKey}, authorized for the first user; see {@link EmbeddedRshelld#authorizeNewKey}. */
    public Path authorizeNewKey(Path privateKey) throws IOException {
        return server().authorizeNewKey(user(), privateKey);
    }

    /** See {@link EmbeddedRshelld#sshCommand(String...)}. */
    public List<String> sshCommand(String... command) {
        return server().sshCommand(command);
    }

    /** See {@link EmbeddedRshelld#file(String)}. */
    public Path file(String path) {
        return server().file(path);
    }

    /** Writes a file on the server's side; see {@link EmbeddedRshelld#writeFile(String, String)}. */
    public Path writeFile(String path, String text) {
        return server().writeFile(path, text);
    }

    public Path writeFile(String path, byte[] content) {
        return server().writeFile(path, content);
    }

    /** Reads a file on the server's side as UTF-8; see {@link EmbeddedRshelld#readFile(String)}. */
    public String readFile(String path) {
        return server().readFile(path);
    }

    public byte[] readBytes(String path) {
        return server().readBytes(path);
    }

    /** Fails unless the file exists on the server's side; see {@link EmbeddedRshelld#assertFileExists(String)}. */
    public Path assertFileExists(String path) {
        return server().assertFileExists(path);
    }

    /** How the extension's servers are set up: the {@link EmbeddedRshelld.Builder} settings, and the leftover check. */
    public static final class Builder {

        private final EmbeddedRshelld.Builder setup = EmbeddedRshelld.builder();
        private boolean checkLeftovers = true;
        private Duration leftoverGrace = EmbeddedRshelld.LEFTOVER_GRACE;

        private Builder() {
        }

        /** Adds a user; the first one named is the one sessions log in as. See {@link EmbeddedRshelld.Builder#user}. */
        public Builder user(String name) {
            setup.user(name);
            return this;
        }

        public Builder password(String user, String password) {
            setup.password(user, password);
            return this;
        }

        public Builder authorizedKey(String user, String publicKeyLine) {
            setup.authorizedKey(user, publicKeyLine);
            return this;
        }

        public Builder authorizedKey(String user, Path publicKeyFile) {
            setup.authorizedKey(user, publicKeyFile);
            return this;
        }

        /** Serve RSP/1 (default true). */
        public Builder rsp(boolean enabled) {
            setup.rsp(enabled);
            return this;
        }

        /** Serve rsps, RSP/1 inside TLS 1.3 (default true). */
        public Builder rsps(boolean enabled) {
            setup.rsps(enabled);
            return this;
        }

        /** Serve SSH (default true). */
        public Builder ssh(boolean enabled) {
            setup.ssh(enabled);
            return this;
        }

        /** {@code --sftp-root}. */
        public Builder sftpRoot(Path dir) {
            setup.sftpRoot(dir);
            return this;
        }

        /** {@code --accept-env}. */
        public Builder acceptEnv(String... names) {
            setup.acceptEnv(names);
            return this;
        }

        /** Any other setting of the embedded server: {@code .server(b -> b.maxConnections(2).passwordAuth(false))}. */
        public Builder server(Consumer<EmbeddedRshelld.Builder> change) {
            change.accept(setup);
            return this;
        }

        /** How long the leftover check waits for commands to end before it kills them and fails the test (default 5 s). */
        public Builder leftoverGrace(Duration grace) {
            this.leftoverGrace = grace;
            return this;
        }

        /** Turns off the check for commands left running after each test (on by default). */
        public Builder allowLeftoverCommands() {
            this.checkLeftovers = false;
            return this;
        }

        public RshelldExtension build() {
            return new RshelldExtension(this);
        }
    }
}
