package io.remoteshell.server.core;

import io.remoteshell.protocol.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run: either a shell command line (run by {@code /bin/sh -c}) or an argv run directly,
 * with environment additions, a working directory (null: the server user's home; relative:
 * against that home), an optional timeout, whether the caller will send standard input and an
 * optional {@link Terminal} (then standard input is always open and stderr goes to the terminal).
 */
public record CommandSpec(String command, List<String> argv, Map<String, String> env, String cwd,
                          Duration timeout, boolean stdin, Terminal terminal) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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
            throw new RequestException(ErrorCode.BAD_FRAME,
                    "give exactly one of \"command\" (a shell command line) or \"argv\" (a program and its arguments)");
        }
        if (argv != null && (argv.isEmpty() || argv.get(0) == null || argv.get(0).isEmpty())) {
            throw new RequestException(ErrorCode.BAD_FRAME, "\"argv\" must start with a program name");
        }
        if (argv != null && argv.stream().anyMatch(Objects::isNull)) {
            throw new RequestException(ErrorCode.BAD_FRAME, "\"argv\" must not contain null");
        }
        // A C string ends at NUL: exec would silently run something other than what was asked, so refuse it.
        if (hasNul(command) || (argv != null && argv.stream().anyMatch(CommandSpec::hasNul))) {
            throw new RequestException(ErrorCode.BAD_FRAME, "the command must not contain NUL bytes");
        }
        if (hasNul(cwd)) {
            throw new RequestException(ErrorCode.BAD_FRAME, "\"cwd\" must not contain NUL bytes");
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey() == null || !ENV_NAME.matcher(e.getKey()).matches()) {
                throw new RequestException(ErrorCode.BAD_FRAME,
                        "environment variable name \"" + e.getKey() + "\" is invalid: use letters, digits and _, not starting with a digit");
            }
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                throw new RequestException(ErrorCode.BAD_FRAME, "environment variable " + e.getKey() + " needs a string value without NUL bytes");
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new RequestException(ErrorCode.BAD_FRAME, "\"timeout_ms\" must be positive");
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
