package io.remoteshell.server;

import io.remoteshell.server.core.UserStore;
import io.remoteshell.server.ssh.OpenSshKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real rshelld inside this JVM, for tests: the same {@link RshellServer} the daemon runs, with RSP/1, rsps (RSP/1
 * in TLS 1.3) and SSH on free loopback ports, its state in a fresh temporary directory, and users ready to log in.
 * <pre>{@code
 * try (EmbeddedRshelld server = EmbeddedRshelld.builder().user("alice").start()) {
 *     server.rspPort(); server.tokenFile(); server.privateKey(); server.knownHosts(); server.sshCommand("uname", "-a");
 * }
 * }</pre>
 * What it sets up in its directory ({@link #directory()}): {@code state/} (the server's state dir: users with
 * generated 256-bit tokens, their authorized_keys, host key, audit log), {@code keys/USER/id_ed25519} (a fresh Ed25519
 * pair per user, authorized for SSH), {@code known_hosts} (the host key, for {@code ssh}, paramiko or the client
 * library to check strictly), {@code rsps_known_hosts} (the rsps key's fingerprint pinned for {@code [HOST]:PORT}, as
 * rshell's {@code ~/.rshell/known_hosts} holds it) and {@code files/} (where the file helpers put relative paths). Commands run as the user
 * running the JVM, as under the daemon.
 * <p>
 * {@link #close()} stops the server as SIGTERM stops the daemon (running commands get TERM, then KILL after the
 * shutdown grace) and deletes the directory, unless it was given with {@link Builder#directory(Path)}.
 */
public final class EmbeddedRshelld implements AutoCloseable {

    /** The user created when the builder names none. */
    public static final String DEFAULT_USER = "tester";
    /** How long {@link #commandsStillRunning} waits by default for commands of closed connections to end. */
    public static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final Path directory;
    private final boolean ownsDirectory;
    private final List<String> users;
    private final Map<String, Path> privateKeys;
    private final StartedCommands started = new StartedCommands();
    private volatile ServerConfig config;
    private volatile RshellServer server;
    private volatile boolean closed;

    private EmbeddedRshelld(Path directory, boolean ownsDirectory, List<String> users, Map<String, Path> privateKeys) {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.users = List.copyOf(users);
        this.privateKeys = Map.copyOf(privateKeys);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every front end and the user {@value #DEFAULT_USER}: {@code builder().start()}. */
    public static EmbeddedRshelld start() throws IOException {
        return builder().start();
    }

    /** The address clients connect to: the bind address, or 127.0.0.1 when bound to every address. */
    public String host() {
        String bind = config.bindAddress();
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }

    /** Whether this server serves RSP/1. */
    public boolean rspEnabled() {
        return config.rspEnabled();
    }

    /** Whether this server serves rsps (RSP/1 inside TLS 1.3). */
    public boolean rspsEnabled() {
        return config.rsps().enabled();
    }

    /** Whether this server serves SSH. */
    public boolean sshEnabled() {
        return config.ssh().enabled();
    }

    /** The RSP/1 port (the real one when the builder said 0, the default). */
    public int rspPort() {
        return running().rspPort();
    }

    /** The rsps port (the real one when the builder said 0, the default). */
    public int rspsPort() {
        return running().rspsPort();
    }

    /** The rsps key's fingerprint, {@code SHA256:...}, as rsps clients pin it. */
    public String rspsFingerprint() {
        return running().rspsFingerprint();
    }

    /** {@code rsps://USER@HOST:PORT} of the first user. */
    public URI rspsUri() {
        return URI.create("rsps://" + user() + "@" + uriHost() + ":" + rspsPort());
    }

    /**
     * A pin file for rsps clients, in the form of rshell's {@code ~/.rshell/known_hosts}: this server's rsps
     * fingerprint for {@code [HOST]:PORT} (and {@code [localhost]:PORT}), so that a client can check it strictly
     * ({@code ServerPins.strict(file)}, or {@code rshell} with {@code -Duser.home} pointing at a home holding it).
     */
    public Path rspsKnownHosts() {
        running().rspsPort();
        return directory.resolve("rsps_known_hosts");
    }

    /** The SSH port (the real one when the builder said 0, the default). */
    public int sshPort() {
        return running().sshPort();
    }

    /** The first user the builder named, or {@value #DEFAULT_USER}. */
    public String user() {
        return users.get(0);
    }

    /** Every user, in the order the builder named them. */
    public List<String> users() {
        return users;
    }

    /** {@code rsp://USER@HOST:PORT} of the first user. */
    public URI rspUri() {
        return URI.create("rsp://" + user() + "@" + uriHost() + ":" + rspPort());
    }

    /** {@code ssh://USER@HOST:PORT} of the first user. */
    public URI sshUri() {
        return URI.create("ssh://" + user() + "@" + uriHost() + ":" + sshPort());
    }

    /** The first user's token file (mode 0600), for {@code rshell --token-file} or the client library. */
    public Path tokenFile() {
        return tokenFile(user());
    }

    public Path tokenFile(String user) {
        return userStore().tokenFile(requireUser(user));
    }

    /** The first user's token itself. */
    public String token() {
        return token(user());
    }

    public String token(String user) {
        try {
            return userStore().token(requireUser(user)).orElseThrow(() -> new IllegalStateException("user " + user + " has no token"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first user's generated private key (OpenSSH format, unencrypted, mode 0600), authorized for SSH. */
    public Path privateKey() {
        return privateKey(user());
    }

    public Path privateKey(String user) {
        Path key = privateKeys.get(requireUser(user));
        if (key == null) {
            throw new IllegalStateException("no key was generated for " + user
                    + ": the builder turned generated keys off, or SSH is off; use the key files you authorized");
        }
        return key;
    }

    /**
     * Generates a new Ed25519 pair at {@code privateKey} (mode 0600, and {@code privateKey.pub}), as {@code ssh-keygen}
     * would, and authorizes it for {@code user}: for a test that needs a key of its own in a place of its choosing,
     * such as {@code HOME/.ssh/id_ed25519} where clients look by default. Returns {@code privateKey}.
     */
    public Path authorizeNewKey(String user, Path privateKey) throws IOException {
        requireUser(user);
        Files.createDirectories(privateKey.toAbsolutePath().getParent());
        authorizeKey(user, OpenSshKeys.generateEd25519(privateKey, user + "@embedded-rshelld"));
        return privateKey;
    }

    /** Adds an OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}) to {@code user}'s authorized_keys now. */
    public void authorizeKey(String user, String publicKeyLine) throws IOException {
        Builder.authorize(userStore().authorizedKeysFile(requireUser(user)), List.of(publicKeyLine.strip()));
    }

    /** {@code privateKey().pub}: the public half, as {@code ssh-keygen} writes it. */
    public Path publicKey() {
        return Path.of(privateKey() + ".pub");
    }

    /**
     * An OpenSSH known_hosts file listing this server's host key for {@code [HOST]:PORT}, so that clients can check
     * the key strictly ({@code -o UserKnownHostsFile=... -o StrictHostKeyChecking=yes}).
     */
    public Path knownHosts() {
        running().sshPort();
        return directory.resolve("known_hosts");
    }

    /** The host key's fingerprint, {@code 256 SHA256:... (ED25519)} as {@code ssh-keygen -lf} prints it. */
    public String hostKeyFingerprint() {
        return running().sshHostKeyFingerprint();
    }

    /**
     * The argument list of an OpenSSH {@code ssh} logging in as the first user with its key, checking the host key
     * against {@link #knownHosts()}, reading no config file and asking nothing, then {@code command}: ready for a
     * {@link ProcessBuilder}. Give the child process its own HOME if it must not see this machine's ~/.ssh.
     */
    public List<String> sshCommand(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null",
                "-o", "UserKnownHostsFile=" + knownHosts(), "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "ConnectTimeout=20",
                "-i", privateKey().toString(), "-p", Integer.toString(sshPort()), user() + "@" + host()));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** This server's own directory (see the class comment); deleted on close unless the builder gave it. */
    public Path directory() {
        return directory;
    }

    /** The server's state directory: users, host key, audit log. */
    public Path stateDir() {
        return config.stateDir();
    }

    /** The audit log: one JSON line per request. */
    public Path auditLog() {
        return stateDir().resolve("audit.log");
    }

    /** The server's users on disk: add one, set a password, find an authorized_keys file. */
    public UserStore userStore() {
        return new UserStore(stateDir());
    }

    /** The running server itself. */
    public RshellServer server() {
        return running();
    }

    /** The directory the file helpers resolve relative paths against: {@code directory()/files}. */
    public Path files() {
        return directory.resolve("files");
    }

    /** {@code path} as the server sees it: absolute paths as they are, relative ones under {@link #files()}. */
    public Path file(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : files().resolve(p);
    }

    /** Writes {@code text} (UTF-8) to {@link #file(String) file(path)} on the server's side, creating directories; returns it. */
    public Path writeFile(String path, String text) {
        return writeFile(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public Path writeFile(String path, byte[] content) {
        Path p = file(path);
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /** The content of {@link #file(String) file(path)} as UTF-8 text. */
    public String readFile(String path) {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    public byte[] readBytes(String path) {
        Path p = assertFileExists(path);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Fails (an {@link AssertionError}, naming what the directory holds instead) unless {@link #file(String) file(path)} exists. */
    public Path assertFileExists(String path) {
        Path p = file(path);
        if (!Files.exists(p)) {
            throw new AssertionError("expected the file " + p + " on the server, but it does not exist; "
                    + p.getParent() + " holds " + listing(p.getParent()));
        }
        return p;
    }

    private static String listing(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return "nothing (it is not a directory)";
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<String> names = list.map(f -> f.getFileName().toString()).sorted().toList();
            return names.isEmpty() ? "nothing" : names.toString();
        } catch (IOException e) {
            return "(cannot list it: " + e.getMessage() + ")";
        }
    }

    /** How many commands this server has started so far: the mark to give {@link #commandsStillRunning(long)}. */
    public long commandsStarted() {
        return started.count();
    }

    /** {@code commandsStillRunning(since, LEFTOVER_GRACE)}. */
    public List<String> commandsStillRunning(long since) {
        return commandsStillRunning(since, LEFTOVER_GRACE);
    }

    /**
     * The commands started since the mark {@code since} ({@link #commandsStarted()}) that are still running after
     * waiting up to {@code grace}, each as {@code "command line" (pid N)}; they are then killed with their process
     * groups. Empty when everything ended.
     */
    public List<String> commandsStillRunning(long since, Duration grace) {
        return started.stillRunning(since, grace);
    }

    /** Stops the server as SIGTERM stops the daemon, keeping its directory, ports and users for {@link #restart()}. */
    public synchronized void stop() {
        RshellServer s = server;
        if (s != null) {
            server = null;
            s.close();
        }
    }

    /** Stops the server if it runs, then starts it again with the same state, users, keys and ports. */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("this embedded rshelld is closed; build a new one");
        }
        ServerConfig same = config;
        if (server != null) {
            same = fixedPorts(same, server);
            stop();
        }
        launch(same);
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Stops the server (see {@link #stop()}) and deletes its directory unless the builder gave it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsDirectory) {
            deleteTree(directory);
        }
    }

    private void launch(ServerConfig c) throws IOException {
        RshellServer s = RshellServer.start(c);
        s.core().commands().observeStarts(started::add);
        if (c.ssh().enabled()) {
            writeKnownHosts(s);
        }
        if (c.rsps().enabled()) {
            writeRspsPins(s);
        }
        config = fixedPorts(c, s);
        server = s;
    }

    /** {@code c} with the ports {@code s} got, so that a restart binds the same ones. */
    private static ServerConfig fixedPorts(ServerConfig c, RshellServer s) {
        ServerConfig fixed = c;
        if (s.servesRsp()) {
            fixed = fixed.withRspPort(s.rspPort());
        }
        if (c.ssh().enabled()) {
            fixed = fixed.withSshPort(s.sshPort());
        }
        if (c.rsps().enabled()) {
            fixed = fixed.withRsps(c.rsps().withPort(s.rspsPort()));
        }
        return fixed;
    }

    private void writeKnownHosts(RshellServer s) throws IOException {
        String key = OpenSshKeys.publicKeyOf(s.stateDir().resolve("ssh_host_ed25519_key"));
        writeHostLines("known_hosts", s.sshPort(), key);
    }

    private void writeRspsPins(RshellServer s) throws IOException {
        writeHostLines("rsps_known_hosts", s.rspsPort(), s.rspsFingerprint());
    }

    /** {@code [HOST]:PORT VALUE} for the host clients use and for localhost: the form of both known-hosts files. */
    private void writeHostLines(String file, int port, String value) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String host : Stream.of(host(), "localhost").distinct().toList()) {
            lines.append('[').append(host).append("]:").append(port).append(' ').append(value).append('\n');
        }
        Files.writeString(directory.resolve(file), lines, StandardCharsets.US_ASCII);
    }

    private RshellServer running() {
        RshellServer s = server;
        if (s == null) {
            throw new IllegalStateException(closed ? "this embedded rshelld is closed" : "this embedded rshelld is stopped; restart() it first");
        }
        return s;
    }

    private String requireUser(String user) {
        if (!users.contains(user)) {
            throw new IllegalArgumentException("no user \"" + user + "\" on this embedded rshelld; it has " + users);
        }
        return user;
    }

    private String uriHost() {
        String h = host();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A file a command is still writing; what is left is in the temporary directory.
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            // Best effort, as above.
        }
    }

    /**
     * How the embedded server is set up. Everything has a default: loopback, RSP/1, rsps and SSH on free ports, the user
     * {@value #DEFAULT_USER} with a token and a generated Ed25519 key, a 50 ms delay after a failed login (instead of
     * the daemon's 1 s, so tests of wrong passwords stay quick) and a 1 s shutdown grace; the rest as the daemon's
     * defaults ({@link ServerConfig#defaults()}, {@link SshConfig#defaults()}).
     */
    public static final class Builder {

        private final Map<String, UserSetup> users = new LinkedHashMap<>();
        private ServerConfig config = ServerConfig.defaults().withRspPort(0).withSshPort(0).withRsps(RspsConfig.defaults().withEnabled(true).withPort(0))
                .withAuthFailureDelay(Duration.ofMillis(50)).withShutdownGrace(Duration.ofSeconds(1));
        private UnaryOperator<ServerConfig> tweak = UnaryOperator.identity();
        private boolean generateKeys = true;
        private Path directory;

        private Builder() {
        }

        private static final class UserSetup {
            String password;
            final List<String> authorizedKeys = new ArrayList<>();
        }

        /** Adds a user with a generated token (and key, when SSH is on); the first user named is {@link #user()}. */
        public Builder user(String name) {
            if (!UserStore.isValidName(name)) {
                throw new IllegalArgumentException("invalid user name \"" + name
                        + "\": use a lowercase letter or _ first, then up to 31 lowercase letters, digits, _ . -");
            }
            users.computeIfAbsent(name, n -> new UserSetup());
            return this;
        }

        /** Lets {@code user} (added if new) log in over SSH with {@code password} too. */
        public Builder password(String user, String password) {
            user(user);
            users.get(user).password = password;
            return this;
        }

        /** Authorizes an OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}) for {@code user} (added if new). */
        public Builder authorizedKey(String user, String publicKeyLine) {
            user(user);
            users.get(user).authorizedKeys.add(publicKeyLine.strip());
            return this;
        }

        /** Authorizes the public key in {@code publicKeyFile} (an {@code .pub} file) for {@code user}. */
        public Builder authorizedKey(String user, Path publicKeyFile) {
            try {
                return authorizedKey(user, Files.readString(publicKeyFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the public key " + publicKeyFile + ": " + e.getMessage(), e);
            }
        }

        /** Whether each user gets a generated Ed25519 key (default true; only when SSH is on). */
        public Builder generateKeys(boolean generate) {
            this.generateKeys = generate;
            return this;
        }

        public Builder bind(String address) {
            config = config.withBindAddress(address);
            return this;
        }

        /** Serve RSP/1 (default true). */
        public Builder rsp(boolean enabled) {
            config = config.withRspEnabled(enabled);
            return this;
        }

        /** Serve rsps, RSP/1 inside TLS 1.3 (default true). */
        public Builder rsps(boolean enabled) {
            config = config.withRsps(config.rsps().withEnabled(enabled));
            return this;
        }

        /** A fixed rsps port instead of a free one. */
        public Builder rspsPort(int port) {
            config = config.withRsps(config.rsps().withPort(port));
            return this;
        }

        /** Serve SSH (default true). */
        public Builder ssh(boolean enabled) {
            config = config.withSshEnabled(enabled);
            return this;
        }

        /** A fixed RSP/1 port instead of a free one. */
        public Builder rspPort(int port) {
            config = config.withRspPort(port);
            return this;
        }

        /** A fixed SSH port instead of a free one. */
        public Builder sshPort(int port) {
            config = config.withSshPort(port);
            return this;
        }

        /** {@code --sftp-root}: confine SFTP and SCP to {@code dir}, which they see as "/". */
        public Builder sftpRoot(Path dir) {
            config = config.withSsh(config.ssh().withSftpRoot(dir));
            return this;
        }

        /** {@code --accept-env}: environment variables SSH clients may set, besides LANG and LC_*. */
        public Builder acceptEnv(String... names) {
            config = config.withSsh(config.ssh().withAcceptEnv(List.of(names)));
            return this;
        }

        /** {@code --no-password-auth} when false. */
        public Builder passwordAuth(boolean accepted) {
            config = config.withSsh(config.ssh().withPasswordAuth(accepted));
            return this;
        }

        /** {@code --allow-forwarding}. */
        public Builder allowForwarding(boolean allowed) {
            config = config.withSsh(config.ssh().withAllowForwarding(allowed));
            return this;
        }

        public Builder sshIdleTimeout(Duration d) {
            config = config.withSsh(config.ssh().withIdleTimeout(d));
            return this;
        }

        /** {@code --max-connections}. */
        public Builder maxConnections(int n) {
            config = config.withMaxConnections(n);
            return this;
        }

        /** {@code --max-sessions}: open requests (RSP/1) or channels (SSH) per connection. */
        public Builder maxSessions(int n) {
            config = config.withMaxSessions(n);
            return this;
        }

        /** {@code --auth-timeout}. */
        public Builder authTimeout(Duration d) {
            config = config.withAuthTimeout(d);
            return this;
        }

        /** The delay after a failed login (default here 50 ms). */
        public Builder authFailureDelay(Duration d) {
            config = config.withAuthFailureDelay(d);
            return this;
        }

        /** How long running commands get between TERM and KILL when the server stops (default here 1 s). */
        public Builder shutdownGrace(Duration d) {
            config = config.withShutdownGrace(d);
            return this;
        }

        /**
         * Any other setting of the server, applied last to the configuration the builder made (its state directory
         * is this server's own): {@code .config(c -> c.withMaxConnections(2))}. New front ends and limits of
         * {@link ServerConfig} are reachable here before the builder has a method of its own for them.
         */
        public Builder config(UnaryOperator<ServerConfig> change) {
            UnaryOperator<ServerConfig> before = tweak;
            tweak = c -> change.apply(before.apply(c));
            return this;
        }

        /**
         * Keeps everything in {@code dir} (created if missing) instead of a new temporary directory, and leaves it in
         * place on close. A second server on the same directory finds the users, keys and host key of the first.
         */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** Creates the directory, the users, tokens and keys, then starts the server; returns once it accepts connections. */
        public EmbeddedRshelld start() throws IOException {
            boolean owns = directory == null;
            Path dir = owns ? Files.createTempDirectory("rshelld-test-") : Files.createDirectories(directory);
            try {
                Path state = dir.resolve("state");
                ServerConfig c = tweak.apply(config.withStateDir(state));
                if (!Files.isDirectory(state)) {
                    Files.createDirectories(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                Files.createDirectories(dir.resolve("files"));
                Map<String, UserSetup> setups = new LinkedHashMap<>(users);
                if (setups.isEmpty()) {
                    setups.put(DEFAULT_USER, new UserSetup());
                }
                UserStore store = new UserStore(c.stateDir());
                Map<String, Path> keys = new LinkedHashMap<>();
                for (Map.Entry<String, UserSetup> e : setups.entrySet()) {
                    String name = e.getKey();
                    if (!store.exists(name)) {
                        store.add(name);
                    }
                    if (e.getValue().password != null) {
                        store.setPassword(name, e.getValue().password.toCharArray());
                    }
                    List<String> authorized = new ArrayList<>(e.getValue().authorizedKeys);
                    if (generateKeys && c.ssh().enabled()) {
                        Path key = dir.resolve("keys").resolve(name).resolve("id_ed25519");
                        if (!Files.exists(key)) {
                            Files.createDirectories(key.getParent(),
                                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                            authorized.add(OpenSshKeys.generateEd25519(key, name + "@embedded-rshelld"));
                        }
                        keys.put(name, key);
                    }
                    authorize(store.authorizedKeysFile(name), authorized);
                }
                EmbeddedRshelld server = new EmbeddedRshelld(dir, owns, new ArrayList<>(setups.keySet()), keys);
                server.config = c;
                server.launch(c);
                return server;
            } catch (IOException | RuntimeException e) {
                if (owns) {
                    deleteTree(dir);
                }
                throw e;
            }
        }

        private static void authorize(Path authorizedKeys, List<String> lines) throws IOException {
            if (lines.isEmpty()) {
                return;
            }
            if (!Files.exists(authorizedKeys)) {
                Files.createFile(authorizedKeys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(authorizedKeys, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }
}
