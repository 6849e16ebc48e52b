package io.remoteshell.client.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Option;

/**
 * How to log in to TARGET (a picocli mixin): the options of rshell itself and of its get and put, defined once so that
 * every form of TARGET works the same way everywhere.
 */
final class LoginOptions {

    static final String TARGET_FORMS = "rsp://USER@HOST[:PORT], rsps://USER@HOST[:PORT], ssh://USER@HOST[:PORT] or USER@HOST";

    /** Help lines (footers) on TARGET and the credentials. */
    static final String TARGET_HELP = "TARGET: rsp://USER@HOST[:PORT] (port 9900), rsps://USER@HOST[:PORT] (RSP/1 in TLS, port 9901),"
            + " ssh://USER@HOST[:PORT] or USER@HOST (ssh, port 22).";
    static final String TOKEN_HELP = "RSP/1 token: --token-file, else $RSHELL_TOKEN, else ~/.rshell/server/users/USER/token (the local rshelld's).";
    static final String SSH_HELP = "SSH: keys from -i, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa, then a password; host keys in ~/.ssh/known_hosts.";

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the token to authenticate with")
    Path tokenFile;

    @Option(names = "-p", paramLabel = "PORT", description = "port, when TARGET names none")
    Integer port;

    @Option(names = "-l", paramLabel = "USER", description = "remote user, when TARGET names none")
    String user;

    @Option(names = "-i", paramLabel = "KEYFILE", description = "SSH private key to authenticate with (repeatable)")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--accept-new", description = "Trust and record the key of a server seen for the first time: SSH in"
            + " ~/.ssh/known_hosts, rsps in ~/.rshell/known_hosts")
    boolean acceptNew;

    /**
     * These options with those given before a subcommand ({@code rshell -i KEY get ...}) filling in what these leave out;
     * keys from both places are all tried.
     */
    LoginOptions after(LoginOptions before) {
        LoginOptions merged = new LoginOptions();
        merged.tokenFile = tokenFile != null ? tokenFile : before.tokenFile;
        merged.port = port != null ? port : before.port;
        merged.user = user != null ? user : before.user;
        merged.identities = Stream.concat(before.identities.stream(), identities.stream()).toList();
        merged.acceptNew = acceptNew || before.acceptNew;
        return merged;
    }

    /**
     * @param terminal where to ask for passwords and about unknown host keys, or null when nobody can answer
     * @throws Failure a usage failure for a TARGET that cannot be read
     */
    Login to(String target, Supplier<Terminal> terminal) throws Failure {
        return Login.of(target, user, port, identities, acceptNew, tokenFile, terminal);
    }
}
