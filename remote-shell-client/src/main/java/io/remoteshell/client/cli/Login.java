package io.remoteshell.client.cli;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.HostKeyException;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.SecretPrompt;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
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
    private final TerminalPrompts prompts;
    private final Verbose verbose;

    private Login(URI uri, Endpoint endpoint, LoginOptions options, SshConfig.Resolved ssh, TerminalPrompts prompts,
                  Verbose verbose) {
        this.uri = uri;
        this.endpoint = endpoint;
        this.options = options;
        this.ssh = ssh;
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
        } else if (!options.sshOptions.isEmpty() || options.configFile != null) {
            try {
                SshConfig.check(options.sshOptions);
            } catch (IllegalArgumentException e) {
                throw new Failure(Failure.USAGE, e.getMessage());
            }
            verbose.say("-o and -F are SSH options; " + endpoint.scheme() + ":// does not use them");
        }
        boolean askable = terminal != null && (ssh == null || !ssh.batchMode());
        return new Login(uri, endpoint, options, ssh, askable ? new TerminalPrompts(terminal) : null, verbose);
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
        List<Path> keys = keys();
        verbose.say(keys.isEmpty() ? "no key files to offer" : "key files to offer: " + keys);
        SecretPrompt secrets = prompts == null ? SecretPrompt.NONE : prompts;
        Path knownHosts = ssh.knownHosts();
        HostKeys hostKeys = switch (ssh.strictHostKeyChecking()) {
            case "accept-new", "no", "off" -> HostKeys.acceptNew(knownHosts);
            case "yes" -> HostKeys.strict(knownHosts);
            default -> prompts != null ? HostKeys.ask(knownHosts, prompts) : HostKeys.strict(knownHosts);
        };
        verbose.say("host keys in " + knownHosts + " (StrictHostKeyChecking " + ssh.strictHostKeyChecking() + ")");
        Credentials credentials = Credentials.sshKeys(keys, secrets);
        String agent = System.getenv(Credentials.SSH_AUTH_SOCK);
        if (agent != null && !agent.isBlank() && !ssh.identitiesOnly()) {
            verbose.say("offering the keys of the ssh-agent at " + agent + " first");
            credentials = credentials.withAgent(Path.of(agent));
        }
        try {
            return RemoteShell.connect(URI.create(endpoint.toString()), credentials, hostKeys, timeout);
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

    /** -i keys, then IdentityFile ones; the default key files only when neither names any, as with ssh. */
    private List<Path> keys() {
        List<Path> keys = new ArrayList<>();
        for (Path key : options.identities) {
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
        boolean named = !options.identities.isEmpty() || !ssh.identityFiles().isEmpty();
        if (named || ssh.identitiesOnly()) {
            return keys.stream().distinct().toList();
        }
        Path dotSsh = home().resolve(".ssh");
        return Credentials.DEFAULT_KEY_FILES.stream().map(dotSsh::resolve).filter(Files::isRegularFile).toList();
    }
}
