package io.remoteshell.client.cli;

import io.remoteshell.client.Credentials;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.SecretPrompt;
import io.remoteshell.client.ServerPins;
import io.remoteshell.client.Session;
import io.remoteshell.client.repl.Repl;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;

/**
 * How rshell connects to TARGET, kept so that the REPL can reconnect the same way: an RSP/1 token
 * from {@link TokenLookup} (for rsps:// with the server's key pinned in ~/.rshell/known_hosts, asked about at a
 * terminal, accepted with --accept-new, else refused), or for SSH the -i keys (else ~/.ssh/id_ed25519, id_ecdsa, id_rsa), a
 * password asked once at the terminal and remembered, and host keys checked against
 * ~/.ssh/known_hosts (asked about at a terminal, accepted with --accept-new, else refused).
 */
final class Login implements Repl.Connector {

    static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final URI uri;
    private final Endpoint endpoint;
    private final Path tokenFile;
    private final List<Path> identities;
    private final boolean acceptNew;
    private final TerminalPrompts prompts;

    private Login(URI uri, Endpoint endpoint, Path tokenFile, List<Path> identities, boolean acceptNew, TerminalPrompts prompts) {
        this.uri = uri;
        this.endpoint = endpoint;
        this.tokenFile = tokenFile;
        this.identities = identities;
        this.acceptNew = acceptNew;
        this.prompts = prompts;
    }

    /**
     * @param terminal where to ask questions, or null when nobody can answer (stdin is not a terminal)
     * @throws Failure a usage failure for a TARGET that cannot be read
     */
    static Login of(String target, String user, Integer port, List<Path> identities, boolean acceptNew, Path tokenFile,
                    Supplier<Terminal> terminal) throws Failure {
        try {
            URI uri = Targets.parse(target, user, port);
            return new Login(uri, Endpoint.parse(uri), tokenFile, List.copyOf(identities), acceptNew,
                    terminal == null ? null : new TerminalPrompts(terminal));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new Failure(Failure.USAGE, "bad TARGET " + target + ": " + e.getMessage());
        }
    }

    Endpoint endpoint() {
        return endpoint;
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
        Path home = Path.of(System.getProperty("user.home"));
        if (endpoint.scheme().equals("rsp")) {
            return RemoteShell.connect(uri, TokenLookup.find(tokenFile, endpoint.user(), System.getenv(), home));
        }
        if (endpoint.scheme().equals("rsps")) {
            Path pinFile = home.resolve(".rshell").resolve("known_hosts");
            ServerPins pins = acceptNew ? ServerPins.acceptNew(pinFile)
                    : prompts != null ? ServerPins.ask(pinFile, prompts) : ServerPins.strict(pinFile);
            return RemoteShell.connect(uri, TokenLookup.find(tokenFile, endpoint.user(), System.getenv(), home), pins,
                    RemoteShell.DEFAULT_CONNECT_TIMEOUT);
        }
        List<Path> keys = identities.isEmpty()
                ? DEFAULT_KEYS.stream().map(name -> home.resolve(".ssh").resolve(name)).filter(Files::isRegularFile).toList()
                : identities;
        SecretPrompt secrets = prompts == null ? SecretPrompt.NONE : prompts;
        Path knownHosts = home.resolve(".ssh").resolve("known_hosts");
        HostKeys hostKeys = acceptNew ? HostKeys.acceptNew(knownHosts)
                : prompts != null ? HostKeys.ask(knownHosts, prompts) : HostKeys.strict(knownHosts);
        return RemoteShell.connect(uri, Credentials.sshKeys(keys, secrets), hostKeys);
    }
}
