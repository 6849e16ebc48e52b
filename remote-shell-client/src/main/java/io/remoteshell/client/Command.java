package io.remoteshell.client;

import io.remoteshell.protocol.CommandPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run remotely: either a command line for {@code /bin/sh -c} or an argument vector run
 * directly (no shell, so spaces and quotes in arguments need no escaping), with optional extra
 * environment variables, working directory and timeout. Immutable: every {@code with}-style
 * method returns a new command.
 */
public final class Command {

    private final String commandLine;
    private final List<String> argv;
    private final Map<String, String> env;
    private final String cwd;
    private final Duration timeout;

    private Command(String commandLine, List<String> argv, Map<String, String> env, String cwd, Duration timeout) {
        this.commandLine = commandLine;
        this.argv = argv;
        this.env = env;
        this.cwd = cwd;
        this.timeout = timeout;
    }

    /** A command line run by the remote {@code /bin/sh -c}, with all its quoting, pipes and globs. */
    public static Command shell(String commandLine) {
        Objects.requireNonNull(commandLine, "commandLine");
        return new Command(commandLine, List.of(), Map.of(), null, null);
    }

    /** A program and its arguments, run without a shell. */
    public static Command argv(String program, String... args) {
        Objects.requireNonNull(program, "program");
        String[] all = new String[args.length + 1];
        all[0] = program;
        System.arraycopy(args, 0, all, 1, args.length);
        return argv(List.of(all));
    }

    /** A program and its arguments, run without a shell. */
    public static Command argv(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv needs at least the program to run");
        }
        return new Command(null, List.copyOf(argv), Map.of(), null, null);
    }

    /**
     * This command with one more environment variable, added to the server's environment. The name must be
     * {@code [A-Za-z_][A-Za-z0-9_]*} and the value free of NUL bytes, over either transport: anything else is
     * refused here, before anything is sent (over SSH the name becomes part of a shell command line).
     */
    public Command env(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!CommandPolicy.isValidEnvName(name)) {
            throw new IllegalArgumentException(CommandPolicy.invalidEnvName(name));
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable " + name + " needs a value without NUL bytes");
        }
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put(name, value);
        return new Command(commandLine, argv, Collections.unmodifiableMap(copy), cwd, timeout);
    }

    /** This command with these environment variables added. */
    public Command env(Map<String, String> variables) {
        Command c = this;
        for (Map.Entry<String, String> e : variables.entrySet()) {
            c = c.env(e.getKey(), e.getValue());
        }
        return c;
    }

    /** This command run in the remote directory {@code dir}. */
    public Command cwd(String dir) {
        return new Command(commandLine, argv, env, Objects.requireNonNull(dir, "dir"), timeout);
    }

    /**
     * This command ended after {@code limit} by the server, as {@link CommandPolicy} says: TERM to its whole session,
     * KILL a grace later; its result then says {@link ExecResult#timedOut()}. Over SSH the limit travels in an
     * {@code env} request only rshelld understands; another SSH server has no timeout, so there the client KILLs
     * the command itself once the limit and the grace are over.
     */
    public Command timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + limit);
        }
        return new Command(commandLine, argv, env, cwd, limit);
    }

    /** The shell command line, when this command was made by {@link #shell}. */
    public Optional<String> commandLine() {
        return Optional.ofNullable(commandLine);
    }

    /** The argument vector, when this command was made by {@link #argv}; empty for a shell command. */
    public List<String> argv() {
        return argv;
    }

    public Map<String, String> env() {
        return env;
    }

    public Optional<String> cwd() {
        return Optional.ofNullable(cwd);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return commandLine != null ? commandLine : String.join(" ", argv);
    }
}
