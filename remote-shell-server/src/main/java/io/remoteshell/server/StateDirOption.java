package io.remoteshell.server;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}, shared by the daemon and the user commands so they always agree on where users live. */
final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Users, keys, tokens and audit log (default: ~/.rshell/server).")
    Path stateDir = ServerConfig.defaults().stateDir();
}
