package io.remoteshell.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * How a remote command ended, and its output when it was collected ({@link Session#exec(Command)});
 * when the output was streamed elsewhere, {@link #stdout()} and {@link #stderr()} are empty.
 */
public final class ExecResult {

    private static final byte[] NONE = new byte[0];

    private final int exitCode;
    private final String signal;
    private final boolean timedOut;
    private final Duration duration;
    private final byte[] stdout;
    private final byte[] stderr;

    /**
     * @param exitCode the exit status as a shell reports it: 128+N when the command died of signal N
     * @param signal   the name of the signal that killed it (such as "KILL"), or null
     */
    public ExecResult(int exitCode, String signal, boolean timedOut, Duration duration, byte[] stdout, byte[] stderr) {
        this.exitCode = exitCode;
        this.signal = signal;
        this.timedOut = timedOut;
        this.duration = duration;
        this.stdout = stdout == null ? NONE : stdout;
        this.stderr = stderr == null ? NONE : stderr;
    }

    /** This result with collected output. */
    public ExecResult withOutput(byte[] stdout, byte[] stderr) {
        return new ExecResult(exitCode, signal, timedOut, duration, stdout, stderr);
    }

    /** The exit status as a shell reports it: the command's exit code, or 128+N when it died of signal N. */
    public int exitCode() {
        return exitCode;
    }

    /** The signal that killed the command, such as "KILL" or "TERM". */
    public Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /** Whether the command was killed because it ran past its {@link Command#timeout}. */
    public boolean timedOut() {
        return timedOut;
    }

    /** How long the command ran, as the server measured it. */
    public Duration duration() {
        return duration;
    }

    /** Exit code 0, no signal, no timeout. */
    public boolean isSuccess() {
        return exitCode == 0 && signal == null && !timedOut;
    }

    public byte[] stdout() {
        return stdout.clone();
    }

    public byte[] stderr() {
        return stderr.clone();
    }

    public String stdoutText() {
        return stdoutText(StandardCharsets.UTF_8);
    }

    public String stdoutText(Charset charset) {
        return new String(stdout, charset);
    }

    public String stderrText() {
        return stderrText(StandardCharsets.UTF_8);
    }

    public String stderrText(Charset charset) {
        return new String(stderr, charset);
    }

    @Override
    public String toString() {
        return "ExecResult[exitCode=" + exitCode + (signal != null ? ", signal=" + signal : "")
                + (timedOut ? ", timedOut" : "") + ", duration=" + duration.toMillis() + "ms, stdout="
                + stdout.length + " bytes, stderr=" + stderr.length + " bytes]";
    }
}
