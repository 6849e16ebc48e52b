package io.remoteshell.client.ssh;

import io.remoteshell.client.Endpoint;
import io.remoteshell.client.HostKeyException;
import io.remoteshell.client.HostKeys;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Collection;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * MINA's known_hosts verifier with OpenSSH's manners: it matches only the name the user typed
 * (as {@code [host]:port} when the port is not 22), asks {@link HostKeys#unknownHost()} about
 * unknown hosts, creates {@code ~/.ssh} when it records the first one, and refuses a changed
 * key with OpenSSH's warning, kept for {@link #rejection()}.
 */
final class KnownHostsChecker extends KnownHostsServerKeyVerifier {

    private final Endpoint endpoint;
    private volatile HostKeyException rejection;

    KnownHostsChecker(HostKeys policy, Endpoint endpoint) {
        super(askingVerifier(policy, endpoint), policy.knownHosts());
        this.endpoint = endpoint;
    }

    private static ServerKeyVerifier askingVerifier(HostKeys policy, Endpoint endpoint) {
        return (session, address, key) -> {
            try {
                return policy.unknownHost().accept(hostPattern(endpoint), KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(key));
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** Why the last key was refused, when it was. */
    HostKeyException rejection() {
        return rejection;
    }

    /** What known_hosts calls the host: its name, or {@code [name]:port} off port 22. */
    static String hostPattern(Endpoint endpoint) {
        return endpoint.port() == Endpoint.SSH_DEFAULT_PORT ? endpoint.host() : "[" + endpoint.host() + "]:" + endpoint.port();
    }

    @Override
    protected Collection<SshdSocketAddress> resolveHostNetworkIdentities(ClientSession session, SocketAddress remoteAddress) {
        // Only the name the user gave, as OpenSSH records it (CheckHostIP is off there by default too).
        return java.util.List.of(new SshdSocketAddress(endpoint.host(), endpoint.port()));
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        boolean accepted = super.acceptUnknownHostKey(session, remoteAddress, serverKey);
        if (!accepted) {
            rejection = new HostKeyException("host key for " + hostPattern(endpoint) + " (" + KeyUtils.getKeyType(serverKey)
                    + " " + KeyUtils.getFingerPrint(serverKey) + ") is not in " + getPath()
                    + " and was not accepted; check the fingerprint with the server's administrator, then trust it"
                    + " (HostKeys.acceptNew, or HostKeys.ask to decide)", true);
        }
        return accepted;
    }

    @Override
    protected KnownHostEntry updateKnownHostsFile(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey,
                                                  Path file, Collection<HostEntryPair> knownHosts) throws Exception {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return super.updateKnownHostsFile(session, remoteAddress, serverKey, file, knownHosts);
    }

    @Override
    public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remoteAddress, KnownHostEntry entry,
                                           PublicKey expected, PublicKey actual) {
        String bar = "@".repeat(59);
        rejection = new HostKeyException("\n" + bar + "\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" + bar + "\n"
                + "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n"
                + "Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n"
                + "It is also possible that the host key has just been changed.\n"
                + "The fingerprint for the " + KeyUtils.getKeyType(actual) + " key sent by the remote host is\n"
                + KeyUtils.getFingerPrint(actual) + ".\n"
                + getPath() + " records " + KeyUtils.getKeyType(expected) + " " + KeyUtils.getFingerPrint(expected)
                + " for " + hostPattern(endpoint) + " (line: " + entry.getConfigLine() + ").\n"
                + "Host key verification failed: if the change is expected, remove that line and connect again.");
        return false;
    }
}
