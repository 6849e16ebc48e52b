package io.remoteshell.client;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How an rsps:// session trusts the server: by the fingerprint of its key ({@code SHA256:...}, as
 * {@code rshelld fingerprint} prints it), pinned in rshell's own known-hosts file, one line per
 * {@code [host]:port}. A pinned server must present the pinned key: a changed one is always refused with
 * {@link HostKeyException}. An unknown server is refused, pinned, or asked about, as the policy says; the library
 * itself never prompts. Certificate chains and host names are not checked: the pin is the trust.
 */
public final class ServerPins {

    private static final HostKeys.UnknownHostPrompt REFUSE = (h, t, f) -> false;
    private static final HostKeys.UnknownHostPrompt ACCEPT = (h, t, f) -> true;

    private final Path file;
    private final HostKeys.UnknownHostPrompt unknownHost;

    private ServerPins(Path file, HostKeys.UnknownHostPrompt unknownHost) {
        this.file = Objects.requireNonNull(file, "file");
        this.unknownHost = Objects.requireNonNull(unknownHost, "unknownHost");
    }

    /** Only servers already pinned in {@code file}. */
    public static ServerPins strict(Path file) {
        return new ServerPins(file, REFUSE);
    }

    /** Unknown servers are pinned on first use, as with {@code --accept-new}. */
    public static ServerPins acceptNew(Path file) {
        return new ServerPins(file, ACCEPT);
    }

    /** Unknown servers are put to {@code prompt}, which normally asks the person at the terminal. */
    public static ServerPins ask(Path file, HostKeys.UnknownHostPrompt prompt) {
        return new ServerPins(file, prompt);
    }

    /** {@code ~/.rshell/known_hosts}, strict. */
    public static ServerPins defaults() {
        return strict(userKnownHosts());
    }

    /** {@code ~/.rshell/known_hosts} of the user running this JVM. */
    public static Path userKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".rshell", "known_hosts");
    }

    public Path file() {
        return file;
    }

    public HostKeys.UnknownHostPrompt unknownHost() {
        return unknownHost;
    }
}
