package io.remoteshell.client.cli;

import io.remoteshell.client.fleet.Fleet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Option;

/**
 * How to log in to TARGET (a picocli mixin): the options of rshell itself and of its subcommands, defined once so that
 * every form of TARGET works the same way everywhere. The one-letter ones mean what they mean to ssh.
 */
public final class LoginOptions {

    static final String TARGET_FORMS = "rsp://USER@HOST[:PORT], rsps://USER@HOST[:PORT], ssh://USER@HOST[:PORT] or [USER@]HOST";

    /** Help lines (footers) on TARGET and the credentials. */
    // Each %n-separated line fits 80 columns: picocli would otherwise break a path at its dots and slashes.
    static final String TARGET_HELP = "TARGET: rsp://USER@HOST[:PORT] (port 9900), rsps://USER@HOST[:PORT] (in TLS,%n"
            + "port 9901), ssh://USER@HOST[:PORT] or [USER@]HOST (ssh, port 22, read through%n"
            + "~/.ssh/config as ssh reads it).";
    static final String TOKEN_HELP = "RSP/1 token: --token-file, else $RSHELL_TOKEN, else the local rshelld's%n"
            + "~/.rshell/server/users/USER/token.";
    static final String SSH_HELP = "SSH keys: the ssh-agent's, -i and IdentityFile, else ~/.ssh/id_ed25519,%n"
            + "id_ecdsa, id_rsa; then a password. Host keys: ~/.ssh/known_hosts.";

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the RSP/1 token to authenticate with")
    Path tokenFile;

    @Option(names = "-p", paramLabel = "PORT", description = "port, when TARGET names none")
    Integer port;

    @Option(names = "-l", paramLabel = "USER", description = "remote user, when TARGET names none")
    String user;

    @Option(names = "-i", paramLabel = "KEYFILE", description = "SSH private key to authenticate with (repeatable)")
    List<Path> identities = new ArrayList<>();

    // Lines of at most 52 characters, the width of the description column at 80: picocli breaks paths at their dots.
    @Option(names = "--accept-new", description = {"trust and record a server's key seen for the first",
        "time (-o StrictHostKeyChecking=accept-new for SSH);", "rsps keys go in ~/.rshell/known_hosts"})
    boolean acceptNew;

    @Option(names = "-o", paramLabel = "KEY=VALUE", description = {"an ssh_config option, as with ssh -o",
        "(repeatable): HostName, Port, User, IdentityFile,", "IdentitiesOnly, StrictHostKeyChecking,",
        "UserKnownHostsFile, BatchMode, ProxyJump,", "ServerAliveInterval, ServerAliveCountMax"})
    List<String> sshOptions = new ArrayList<>();

    @Option(names = "-J", paramLabel = "JUMPS", description = {"connect through these SSH jump hosts (ssh -J):",
        "[USER@]HOST[:PORT][,...], each with its own", "ssh_config entry; -J none: none at all"})
    String jumpHosts;

    @Option(names = "-F", paramLabel = "FILE", description = {"ssh_config file instead of ~/.ssh/config", "(-F none: no file at all)"})
    Path configFile;

    @Option(names = "-v", description = "verbose: say on stderr what rshell tries (-vv: and the SSH library's own log)")
    boolean[] verbose = new boolean[0];

    @Option(names = "-q", description = "quiet: no warnings and no progress bars (errors are still reported)")
    boolean quiet;

    /**
     * These options with those given before a subcommand ({@code rshell -i KEY get ...}) filling in what these leave out;
     * keys and -o options from both places all count, the subcommand's first.
     */
    public LoginOptions after(LoginOptions before) {
        LoginOptions merged = new LoginOptions();
        merged.tokenFile = tokenFile != null ? tokenFile : before.tokenFile;
        merged.port = port != null ? port : before.port;
        merged.user = user != null ? user : before.user;
        merged.identities = Stream.concat(before.identities.stream(), identities.stream()).toList();
        merged.acceptNew = acceptNew || before.acceptNew;
        merged.sshOptions = Stream.concat(sshOptions.stream(), before.sshOptions.stream()).toList();
        merged.configFile = configFile != null ? configFile : before.configFile;
        merged.jumpHosts = jumpHosts != null ? jumpHosts : before.jumpHosts;
        merged.verbose = new boolean[verbose.length + before.verbose.length];
        merged.quiet = quiet || before.quiet;
        return merged;
    }

    int verbosity() {
        return quiet ? 0 : verbose.length;
    }

    /**
     * How a fleet ({@code rshell -H}) connects to one of its hosts: these options, with the inventory's key file and
     * token file for that host (either may be null). Nobody is asked anything, so an unknown host key is refused
     * unless --accept-new, and a password cannot be typed.
     *
     * @throws IllegalArgumentException for a TARGET that cannot be read, saying why
     */
    public Fleet.Connector fleetConnector(String target, Path keyFile, Path tokenFile) {
        LoginOptions own = new LoginOptions();
        own.tokenFile = tokenFile;
        if (keyFile != null) {
            own.identities = List.of(keyFile);
        }
        Login login;
        try {
            login = own.after(this).to(target, null);
        } catch (Failure f) {
            throw new IllegalArgumentException(f.getMessage(), f);
        }
        return login::connect;
    }

    /**
     * @param terminal where to ask for passwords and about unknown host keys, or null when nobody can answer
     * @throws Failure a usage failure for a TARGET or option that cannot be read
     */
    Login to(String target, Supplier<Terminal> terminal) throws Failure {
        return Login.of(target, this, terminal);
    }
}
