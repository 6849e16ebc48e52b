package io.remoteshell.server;

import io.remoteshell.server.rsps.RspsFrontEnd;
import io.remoteshell.server.ssh.SshFrontEnd;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rshelld fingerprint}: the SSH host key's and the rsps key's fingerprints, for an operator to hand to users
 * before they connect the first time. Like {@code ssh-keygen -A}, it makes keys that do not exist yet, so the
 * fingerprints can be handed out before the first start.
 */
@Command(name = "fingerprint", description = {"Prints the fingerprints clients pin: the SSH host key and the rsps key.",
    "Makes the keys first when the state directory has none yet."})
final class Fingerprint implements Callable<Integer> {

    @CommandLine.Mixin
    StateDirOption state = new StateDirOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(state.stateDir)) {
            throw new IllegalArgumentException("no state directory " + state.stateDir + "; start rshelld once, or give --state-dir");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("ssh   " + SshFrontEnd.hostKeyFingerprint(state.stateDir) + "  " + SshFrontEnd.hostKeyFile(state.stateDir));
        out.println("rsps  " + RspsFrontEnd.fingerprint(state.stateDir) + " (ECDSA P-256)  " + RspsFrontEnd.keyFile(state.stateDir));
        out.flush();
        return 0;
    }
}
