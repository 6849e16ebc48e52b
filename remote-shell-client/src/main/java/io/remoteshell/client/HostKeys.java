package io.remoteshell.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How an SSH session checks the server's host key against an OpenSSH {@code known_hosts} file
 * ({@code [host]:port} entries for ports other than 22). A known host must present its recorded key:
 * a changed key is always refused with {@link HostKeyException}. An unknown host is refused, accepted
 * and recorded, or asked about, as the policy says.
 */
public final class HostKeys {

    /** Decides about a host that {@code known_hosts} does not list. */
    @FunctionalInterface
    public interface UnknownHostPrompt {
        /**
         * @param hostPort    the host, with its port when it is not 22
         * @param keyType     such as {@code ssh-ed25519}
         * @param fingerprint {@code SHA256:...}, as {@code ssh-keygen -lf} shows it
         * @return true to trust the key (it is then added to the file)
         */
        boolean accept(String hostPort, String keyType, String fingerprint) throws IOException;
    }

    private static final UnknownHostPrompt REFUSE = (h, t, f) -> false;
    private static final UnknownHostPrompt ACCEPT = (h, t, f) -> true;

    private final Path knownHosts;
    private final UnknownHostPrompt unknownHost;

    private HostKeys(Path knownHosts, UnknownHostPrompt unknownHost) {
        this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
        this.unknownHost = Objects.requireNonNull(unknownHost, "unknownHost");
    }

    /** Only hosts already in {@code knownHosts} (OpenSSH's {@code StrictHostKeyChecking=yes}). */
    public static HostKeys strict(Path knownHosts) {
        return new HostKeys(knownHosts, REFUSE);
    }

    /** Unknown hosts are accepted and recorded ({@code StrictHostKeyChecking=accept-new}). */
    public static HostKeys acceptNew(Path knownHosts) {
        return new HostKeys(knownHosts, ACCEPT);
    }

    /** Unknown hosts are put to {@code prompt}, which normally asks the person at the terminal. */
    public static HostKeys ask(Path knownHosts, UnknownHostPrompt prompt) {
        return new HostKeys(knownHosts, prompt);
    }

    /** {@code ~/.ssh/known_hosts}, strict. */
    public static HostKeys defaults() {
        return strict(userKnownHosts());
    }

    /** {@code ~/.ssh/known_hosts} of the user running this JVM. */
    public static Path userKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public UnknownHostPrompt unknownHost() {
        return unknownHost;
    }
}
