package io.remoteshell.server.rsp;

import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameException;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Limits;
import io.remoteshell.protocol.Messages;
import io.remoteshell.protocol.Signals;
import io.remoteshell.server.core.CommandListener;
import io.remoteshell.server.core.CommandSpec;
import io.remoteshell.server.core.ExitStatus;
import io.remoteshell.server.core.OutputKind;
import io.remoteshell.server.core.RequestException;
import io.remoteshell.server.core.RunningCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.TreeSet;

/** EXEC: STARTED, then STDOUT/STDERR as produced, then exactly one EXIT (or an ERROR). */
final class ExecRequest extends RspRequest implements CommandListener {

    private static final String ALLOWED_SIGNALS = String.join(", ", new TreeSet<>(Signals.REQUESTABLE));

    private final CommandSpec spec;
    private volatile RunningCommand command;

    private ExecRequest(int id, RspConnection conn, CommandSpec spec) {
        super(id, conn);
        this.spec = spec;
    }

    static CommandSpec spec(Messages.Exec exec) {
        Duration timeout = exec.timeoutMs() == null ? null : Duration.ofMillis(exec.timeoutMs());
        return new CommandSpec(exec.command(), exec.argv(), exec.env(), exec.cwd(), timeout, exec.wantsStdin());
    }

    /** Starts the command of an EXEC frame; the request is registered before any of its frames can be sent. */
    static void open(int id, RspConnection conn, Messages.Exec exec) {
        ExecRequest request = new ExecRequest(id, conn, spec(exec));
        conn.register(id, request);
        if (request.spec.stdin()) {
            request.openInput();
        }
        try {
            conn.core().commands().start(request.spec, request);
        } catch (RequestException e) {
            request.fail(e);
            request.audit(null);
        } catch (IOException e) {
            // STARTED could not be written: the connection is gone and the runner killed the command.
            request.disconnected();
            request.audit(null);
        }
    }

    @Override
    public void started(RunningCommand command) throws IOException {
        this.command = command;
        sendJson(FrameType.STARTED, new Messages.Started(command.pid()));
    }

    @Override
    public void output(OutputKind kind, byte[] buf, int off, int len) throws IOException {
        send(kind == OutputKind.STDOUT ? FrameType.STDOUT : FrameType.STDERR, buf, off, len);
    }

    @Override
    public int outputHeadroom() {
        return Limits.HEADER_SIZE;
    }

    @Override
    public void output(OutputKind kind, ByteBuffer chunk) throws IOException {
        sendReserved(kind == OutputKind.STDOUT ? FrameType.STDOUT : FrameType.STDERR, chunk);
    }

    @Override
    public void exited(ExitStatus status) {
        end(FrameType.EXIT, new Messages.Exit(status.code(), status.signal(), status.timedOut(), status.durationMs()));
        audit(status);
    }

    @Override
    public void stdinConsumed(int bytes) {
        inputConsumed(bytes);
    }

    @Override
    void onFrame(Frame frame) throws FrameException, IOException {
        RunningCommand c = command;
        switch (frame.type()) {
            case STDIN -> {
                // Without "stdin":true there is no input to feed: the bytes are dropped, as after STDIN_EOF.
                if (input != null && receiveInput(frame.payload().length)) {
                    c.offerStdin(frame.payload());
                }
            }
            case STDIN_EOF -> c.closeStdin();
            case SIGNAL -> {
                String name = frame.as(Messages.Signal.class).signal();
                // Set.of(...).contains(null) throws: a missing name is a malformed SIGNAL, not a server failure.
                if (name == null || !Signals.REQUESTABLE.contains(name)) {
                    throw new FrameException(ErrorCode.BAD_FRAME, id, false, (name == null
                            ? "SIGNAL needs \"signal\": " : "cannot send signal \"" + name + "\": ") + "use one of " + ALLOWED_SIGNALS);
                }
                c.signal(name);
            }
            default -> throw new FrameException(ErrorCode.BAD_FRAME, id, false,
                    frame.type() + " does not belong to an EXEC request");
        }
    }

    @Override
    void abort() {
        RunningCommand c = command;
        if (c != null) {
            c.kill();
        }
    }

    private void audit(ExitStatus status) {
        RunningCommand c = command;
        conn.core().audit().write(auditRecord("exec").command(spec).exit(status)
                .bytes(c == null ? 0 : c.bytesIn(), c == null ? 0 : c.bytesOut()).entry());
    }
}
