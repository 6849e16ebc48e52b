package io.remoteshell.protocol;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The rules about a command that the server's core and the client library share, whatever the transport:
 * which environment names may be set, what a timeout does and how it travels over SSH. (Which signals may
 * be sent is {@link Signals#REQUESTABLE}.) Kept here, once, so RSP/1 and SSH cannot drift apart.
 */
public final class CommandPolicy {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * A timeout ends the command's whole session with TERM, then KILL this long after if it is still there;
     * the server does it, for both transports.
     */
    public static final Duration TIMEOUT_KILL_GRACE = Duration.ofSeconds(1);

    /**
     * Over SSH, a command's timeout travels as this environment variable (milliseconds) in an {@code env}
     * request before the exec: rshelld takes it as the timeout and does not pass it on to the command. Other
     * SSH servers do not know it (OpenSSH refuses it unless AcceptEnv lists it): they have no timeout.
     */
    public static final String SSH_TIMEOUT_ENV = "RSHELL_TIMEOUT_MS";

    private CommandPolicy() {
    }

    /** Whether {@code name} may be set in a command's environment: {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isValidEnvName(String name) {
        return name != null && ENV_NAME.matcher(name).matches();
    }

    /** Why {@code name} is refused, for the person who wrote it. */
    public static String invalidEnvName(String name) {
        return "environment variable name \"" + name + "\" is invalid: use letters, digits and _, not starting with a digit";
    }
}
