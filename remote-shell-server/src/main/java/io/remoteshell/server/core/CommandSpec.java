package io.remoteshell.server.core;

import io.remoteshell.protocol.CommandPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: either a shell command line (run by {@code /bin/sh -c}) or an argv run directly,
 * with environment additions, a working directory (null: the server user's home; relative:
 * against that home), an optional timeout, whether the caller will send standard input and an
 * optional {@link Terminal} (then standard input is always open and stderr goes to the terminal).
 */
public record CommandSpec(String command, List<String> argv, Map<String, String> env, String cwd,
                          Duration timeout, boolean stdin, Terminal terminal) {

    public CommandSpec {
        // Not List.copyOf/Map.copyOf: those reject nulls, and a null from a client must become a clear error in validate().
        argv = argv == null ? null : Collections.unmodifiableList(new ArrayList<>(argv));
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        stdin = stdin || terminal != null;
    }

    /** Without a terminal: commands whose stdout and stderr are pipes. */
    public CommandSpec(String command, List<String> argv, Map<String, String> env, String cwd, Duration timeout, boolean stdin) {
        this(command, argv, env, cwd, timeout, stdin, null);
    }

    /** Checks the parts that do not depend on the file system; a failure is a malformed request. */
    public void validate() throws RequestException {
        if ((command == null) == (argv == null)) {
            throw new RequestException(Refusal.INVALID_REQUEST,
                    "give exactly one of \"command\" (a shell command line) or \"argv\" (a program and its arguments)");
        }
        if (argv != null && (argv.isEmpty() || argv.get(0) == null || argv.get(0).isEmpty())) {
            throw new RequestException(Refusal.INVALID_REQUEST, "\"argv\" must start with a program name");
        }
        if (argv != null && argv.stream().anyMatch(Objects::isNull)) {
            throw new RequestException(Refusal.INVALID_REQUEST, "\"argv\" must not contain null");
        }
        // A C string ends at NUL: exec would silently run something other than what was asked, so refuse it.
        if (hasNul(command) || (argv != null && argv.stream().anyMatch(CommandSpec::hasNul))) {
            throw new RequestException(Refusal.INVALID_REQUEST, "the command must not contain NUL bytes");
        }
        if (hasNul(cwd)) {
            throw new RequestException(Refusal.INVALID_REQUEST, "\"cwd\" must not contain NUL bytes");
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!CommandPolicy.isValidEnvName(e.getKey())) {
                throw new RequestException(Refusal.INVALID_REQUEST, CommandPolicy.invalidEnvName(e.getKey()));
            }
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                throw new RequestException(Refusal.INVALID_REQUEST, "environment variable " + e.getKey() + " needs a string value without NUL bytes");
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new RequestException(Refusal.INVALID_REQUEST, "\"timeout_ms\" must be positive");
        }
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    /** What the audit log shows: the command line, or the argv joined for reading. */
    public String describe() {
        return command != null ? command : String.join(" ", argv);
    }
}
