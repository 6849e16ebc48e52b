package io.remoteshell.client.cli;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.HostKeyException;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.JumpHost;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.SecretPrompt;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
import io.remoteshell.client.SshOptions;
import io.remoteshell.client.repl.Repl;
import io.remoteshell.client.ssh.SshConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;

/**
 * How rshell connects to TARGET, kept so that the REPL can reconnect the same way: an RSP/1 token
 * from {@link TokenLookup} (for rsps:// with the server's key pinned in ~/.rshell/known_hosts, asked about at a
 * terminal, accepted with --accept-new, else refused), or for SSH what {@link SshConfig} resolves (-o,
 * ~/.ssh/config): the keys (-i and IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa) and the ssh-agent's,
 * a password asked once at the terminal and remembered, and host keys checked against known_hosts (asked about
 * at a terminal, accepted with --accept-new or StrictHostKeyChecking=accept-new, else refused).
 */
final class Login implements Repl.Connector {

    private final URI uri;
    private final Endpoint endpoint;
    private final LoginOptions options;
    private final SshConfig.Resolved ssh;
    private final List<SshConfig.Resolved> jumps;
    private final TerminalPrompts prompts;
    private final Verbose verbose;

    private Login(URI uri, Endpoint endpoint, LoginOptions options, SshConfig.Resolved ssh, List<SshConfig.Resolved> jumps,
                  TerminalPrompts prompts, Verbose verbose) {
        this.uri = uri;
        this.endpoint = endpoint;
        this.options = options;
        this.ssh = ssh;
        this.jumps = jumps;
        this.prompts = prompts;
        this.verbose = verbose;
    }

    /**
     * @param terminal where to ask questions, or null when nobody can answer (stdin is not a terminal)
     * @throws Failure a usage failure for a TARGET that cannot be read
     */
    static Login of(String target, LoginOptions options, Supplier<Terminal> terminal) throws Failure {
        Verbose verbose = new Verbose(options.verbosity(), System.err);
        // Read by CliLogging when the first logger is made, which is after this (nothing logs while parsing).
        if (options.quiet) {
            System.setProperty("rshell.log.level", "ERROR");
        } else if (verbose.level() >= 2) {
            System.setProperty("rshell.log.level", "DEBUG");
            System.setProperty("rshell.log.sshd", "DEBUG");
        }
        URI uri;
        Endpoint endpoint;
        try {
            uri = Targets.parse(target, options.user, options.port);
            endpoint = Endpoint.parse(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            String why = e instanceof URISyntaxException bad ? bad.getReason() : e.getMessage();
            throw new Failure(Failure.USAGE, "bad TARGET " + target + ": " + why);
        }
        SshConfig.Resolved ssh = null;
        List<SshConfig.Resolved> jumps = List.of();
        if (endpoint.scheme().equals("ssh")) {
            Path home = home();
            try {
                ssh = SshConfig.resolve(uri.getHost().replaceAll("^\\[|\\]$", ""), uri.getUserInfo(),
                        uri.getPort() == -1 ? null : uri.getPort(), sshOptions(options), options.configFile, home,
                        System.getProperty("user.name"));
            } catch (IllegalArgumentException e) {
                throw new Failure(Failure.USAGE, e.getMessage());
            } catch (IOException e) {
                throw new Failure(Failure.CONNECTION, Failure.describe(e));
            }
            verbose.say("SSH settings for " + uri.getHost() + " from " + SshConfig.describe(ssh));
            endpoint = new Endpoint("ssh", ssh.user(), ssh.hostName(), ssh.port());
            // -J wins over ProxyJump, as with ssh; "none" in either means a direct connection.
            String jumpSpec = options.jumpHosts != null ? options.jumpHosts : ssh.proxyJump();
            if (jumpSpec != null && !jumpSpec.strip().equalsIgnoreCase("none")) {
                jumps = JumpHosts.resolve(jumpSpec.strip(), options, home);
                for (SshConfig.Resolved jump : jumps) {
                    verbose.say("jump host " + jump.hostName() + ":" + jump.port() + " from " + SshConfig.describe(jump));
                }
            }
        } else if (options.jumpHosts != null) {
            throw new Failure(Failure.USAGE, "-J is for SSH targets: " + endpoint.scheme() + ":// connects directly"
                    + " (leave out -J, or name an ssh:// target)");
        } else if (!options.sshOptions.isEmpty() || options.configFile != null) {
            try {
                SshConfig.check(options.sshOptions);
            } catch (IllegalArgumentException e) {
                throw new Failure(Failure.USAGE, e.getMessage());
            }
            verbose.say("-o and -F are SSH options; " + endpoint.scheme() + ":// does not use them");
        }
        boolean askable = terminal != null && (ssh == null || !ssh.batchMode());
        return new Login(uri, endpoint, options, ssh, jumps, askable ? new TerminalPrompts(terminal) : null, verbose);
    }

    /** -o options, with --accept-new as the StrictHostKeyChecking it stands for (taking precedence, being given first). */
    private static List<String> sshOptions(LoginOptions options) {
        List<String> all = new ArrayList<>();
        if (options.acceptNew) {
            all.add("StrictHostKeyChecking=accept-new");
        }
        all.addAll(options.sshOptions);
        return all;
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Verbose verbose() {
        return verbose;
    }

    /** Connects; every failure is a connection failure (255). */
    Session open() throws Failure {
        try {
            return connect();
        } catch (IOException e) {
            throw new Failure(Failure.CONNECTION, Failure.describe(e));
        }
    }

    @Override
    public Session connect() throws IOException {
        return connect(RemoteShell.DEFAULT_CONNECT_TIMEOUT);
    }

    /** Connects, waiting at most {@code timeout} for the server (a fleet's host timeout may leave less than the default). */
    Session connect(Duration timeout) throws IOException {
        verbose.say("connecting to " + endpoint.hostPort() + " as " + endpoint.user() + " over "
                + switch (endpoint.scheme()) {
                    case "rsp" -> "RSP/1";
                    case "rsps" -> "RSP/1 in TLS";
                    default -> "SSH";
                });
        if (endpoint.scheme().equals("rsp") || endpoint.scheme().equals("rsps")) {
            TokenLookup.Found token = TokenLookup.find(options.tokenFile, endpoint.user(), System.getenv(), home());
            verbose.say("token from " + token.source());
            try {
                if (endpoint.scheme().equals("rsps")) {
                    Path pinFile = home().resolve(".rshell").resolve("known_hosts");
                    ServerPins pins = options.acceptNew ? ServerPins.acceptNew(pinFile)
                            : prompts != null ? ServerPins.ask(pinFile, prompts) : ServerPins.strict(pinFile);
                    verbose.say("server keys pinned in " + pinFile);
                    return RemoteShell.connect(uri, token.credentials(), pins, timeout);
                }
                return RemoteShell.connect(uri, token.credentials(), timeout);
            } catch (AuthenticationException e) {
                throw new AuthenticationException(e.getMessage() + " (the token came from " + token.source() + ")");
            }
        }
        SecretPrompt secrets = prompts == null ? SecretPrompt.NONE : prompts;
        List<Path> keys = keys(options.identities, ssh);
        Credentials credentials = sshCredentials(ssh, keys, secrets, "");
        List<JumpHost> through = new ArrayList<>();
        for (SshConfig.Resolved jump : jumps) {
            Endpoint at = new Endpoint("ssh", jump.user(), jump.hostName(), jump.port());
            verbose.say("through jump host " + at.hostPort() + " as " + at.user());
            String of = " of jump host " + at.hostPort();
            through.add(new JumpHost(at, sshCredentials(jump, keys(List.of(), jump), secrets, of), hostKeys(jump, of)));
        }
        SshOptions sshOptions = new SshOptions(through, Duration.ofSeconds(ssh.serverAliveInterval()),
                ssh.serverAliveCountMax());
        try {
            return RemoteShell.connect(URI.create(endpoint.toString()), credentials, hostKeys(ssh, ""), timeout, sshOptions);
        } catch (HostKeyException e) {
            if (!e.isUnknownHost()) {
                throw e;
            }
            throw new HostKeyException(e.getMessage().replaceFirst(" \\(HostKeys\\..*\\)$", "")
                    + ": connect from a terminal to be asked, or pass --accept-new", true);
        } catch (AuthenticationException e) {
            throw new AuthenticationException(e.getMessage()
                    + (keys.isEmpty() && credentials.agentSocket() == null ? "; pass a key with -i or add one to ssh-agent" : ""));
        }
    }

    /** The known_hosts check {@code hop}'s settings ask for. */
    private HostKeys hostKeys(SshConfig.Resolved hop, String of) {
        Path knownHosts = hop.knownHosts();
        verbose.say("host keys" + of + " in " + knownHosts + " (StrictHostKeyChecking "
                + hop.strictHostKeyChecking() + ")");
        return switch (hop.strictHostKeyChecking()) {
            case "accept-new", "no", "off" -> HostKeys.acceptNew(knownHosts);
            case "yes" -> HostKeys.strict(knownHosts);
            default -> prompts != null ? HostKeys.ask(knownHosts, prompts) : HostKeys.strict(knownHosts);
        };
    }

    /** {@code keys}, with the ssh-agent's first unless {@code hop} says IdentitiesOnly. */
    private Credentials sshCredentials(SshConfig.Resolved hop, List<Path> keys, SecretPrompt secrets, String of) {
        verbose.say(keys.isEmpty() ? "no key files to offer" + of : "key files to offer" + of + ": " + keys);
        Credentials credentials = Credentials.sshKeys(keys, secrets);
        String agent = System.getenv(Credentials.SSH_AUTH_SOCK);
        if (agent != null && !agent.isBlank() && !hop.identitiesOnly()) {
            verbose.say("offering the keys of the ssh-agent at " + agent + " first");
            credentials = credentials.withAgent(Path.of(agent));
        }
        return credentials;
    }

    /** -i keys, then IdentityFile ones; the default key files only when neither names any, as with ssh. */
    private List<Path> keys(List<Path> identities, SshConfig.Resolved ssh) {
        List<Path> keys = new ArrayList<>();
        for (Path key : identities) {
            if (Files.isRegularFile(key)) {
                keys.add(key);
            } else if (!options.quiet) {
                // As ssh: a warning, and the other ways to log in are still tried.
                System.err.println("rshell: warning: identity file " + key + " not accessible: "
                        + (Files.exists(key) ? "not a file" : "no such file"));
            }
        }
        for (Path key : ssh.identityFiles()) {
            if (Files.isRegularFile(key)) {
                keys.add(key);
            } else {
                verbose.say("IdentityFile " + key + " does not exist; skipped");
            }
        }
        boolean named = !identities.isEmpty() || !ssh.identityFiles().isEmpty();
        if (named || ssh.identitiesOnly()) {
            return keys.stream().distinct().toList();
        }
        Path dotSsh = home().resolve(".ssh");
        return Credentials.DEFAULT_KEY_FILES.stream().map(dotSsh::resolve).filter(Files::isRegularFile).toList();
    }
}
