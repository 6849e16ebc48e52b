package io.remoteshell.server.core;

import java.time.Instant;
import java.util.List;

/**
 * The one way an audit line is made, by every front end: begun when the request arrives (its time and
 * duration count from then), filled in as it ends, turned into an {@link AuditLog.Entry} once.
 * Not shared between threads while it is being filled in.
 */
public final class AuditRecord {

    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final String frontEnd;
    private final String peer;
    private final String user;
    private String kind;
    private String command;
    private List<String> argv;
    private String path;
    private Integer code;
    private String signal;
    private Boolean timedOut;
    private String error;
    private long bytesIn;
    private long bytesOut;

    private AuditRecord(String frontEnd, String peer, String user) {
        this.frontEnd = frontEnd;
        this.peer = peer;
        this.user = user;
    }

    /** A request from {@code user} at {@code peer}, arriving now. */
    public static AuditRecord begin(String frontEnd, String peer, String user) {
        return new AuditRecord(frontEnd, peer, user);
    }

    /** What kind of request: "exec", "shell", "get", "put", "sftp" or "scp". */
    public AuditRecord kind(String kind) {
        this.kind = kind;
        return this;
    }

    /** What it runs: the command line or the argv of {@code spec}. */
    public AuditRecord command(CommandSpec spec) {
        this.command = spec.command();
        this.argv = spec.argv();
        return this;
    }

    /** What it runs, as the client wrote it (an scp command line). */
    public AuditRecord command(String commandLine) {
        this.command = commandLine;
        return this;
    }

    /** The file or directory it reads or writes. */
    public AuditRecord path(String path) {
        this.path = path;
        return this;
    }

    /** How its command ended; nothing when it never ran. */
    public AuditRecord exit(ExitStatus status) {
        if (status != null) {
            this.code = status.code();
            this.signal = status.signal();
            this.timedOut = status.timedOut();
        }
        return this;
    }

    /** An exit code reported by something other than a core command (MINA's scp). */
    public AuditRecord code(Integer code) {
        this.code = code;
        return this;
    }

    /** Why it failed, in the front end's words ("DISCONNECTED", an error code); null when it did not. */
    public AuditRecord error(String error) {
        this.error = error;
        return this;
    }

    /** Bytes from the client (stdin, uploads) and to it (output, downloads). */
    public AuditRecord bytes(long in, long out) {
        this.bytesIn = in;
        this.bytesOut = out;
        return this;
    }

    /** The line, with the duration up to now. */
    public AuditLog.Entry entry() {
        return new AuditLog.Entry(AuditLog.timestamp(startedAt), frontEnd, peer, user, kind, command, argv, path, code, signal,
                timedOut, error, (System.nanoTime() - startNanos) / 1_000_000, bytesIn, bytesOut);
    }
}
