package io.remoteshell.client.rsp;

import io.remoteshell.client.Command;
import io.remoteshell.client.ProtocolViolationException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteProcess;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import io.remoteshell.protocol.Signals;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/** An EXEC request: a remote process fed by STARTED, STDOUT, STDERR and EXIT frames. */
final class RspProcess extends RemoteProcess implements RspRequest {

    private final RspConnection connection;
    private final Command command;
    private final boolean stdinOpen;
    private final SendWindow window;
    private int id;

    RspProcess(RspConnection connection, Command command, boolean stdinOpen, OutputStream stdout, OutputStream stderr) {
        super(stdinOpen, stdout, stderr);
        this.connection = connection;
        this.command = command;
        this.stdinOpen = stdinOpen;
        this.window = connection.newWindow();
    }

    /** Sends the EXEC; frames for it may arrive from now on. */
    void begin() throws IOException {
        id = connection.register(this);
        try {
            connection.sendJson(FrameType.EXEC, id, execMessage());
        } catch (IOException e) {
            connection.unregister(id);
            throw e;
        }
    }

    private Messages.Exec execMessage() {
        return new Messages.Exec(
                command.commandLine().orElse(null),
                command.argv().isEmpty() ? null : command.argv(),
                command.env().isEmpty() ? null : command.env(),
                command.cwd().orElse(null),
                command.timeout().map(Duration::toMillis).orElse(null),
                stdinOpen ? Boolean.TRUE : null);
    }

    @Override
    public boolean onFrame(Frame frame) throws IOException {
        switch (frame.type()) {
            case STARTED -> started(frame.as(Messages.Started.class).pid());
            case STDOUT -> stdoutReceived(frame.payload(), 0, frame.payload().length);
            case STDERR -> stderrReceived(frame.payload(), 0, frame.payload().length);
            case WINDOW -> window.grant(frame.as(Messages.Window.class).bytes());
            case EXIT -> {
                window.end();
                Messages.Exit exit = frame.as(Messages.Exit.class);
                int signalNumber = Signals.number(exit.signal());
                // Like a shell's $? and Process.exitValue(): death by signal N reads as 128+N.
                int code = exit.signal() != null && signalNumber > 0 ? 128 + signalNumber : exit.code();
                exited(code, exit.signal(), exit.timedOut(), Duration.ofMillis(exit.durationMs()));
                return true;
            }
            case ERROR -> {
                window.end();
                Messages.Error error = frame.as(Messages.Error.class);
                failed(new RemoteErrorException(error.code(), error.message()));
                return true;
            }
            default -> throw new ProtocolViolationException("unexpected " + frame.type() + " for command request "
                    + frame.idString() + " (" + command + ")");
        }
        return false;
    }

    @Override
    public boolean onData(FrameType type, int id, byte[] buf, int off, int len) throws IOException {
        switch (type) {
            case STDOUT -> stdoutReceived(buf, off, len);
            case STDERR -> stderrReceived(buf, off, len);
            default -> {
                return RspRequest.super.onData(type, id, buf, off, len);
            }
        }
        return false;
    }

    @Override
    public void onFailure(IOException cause) {
        window.end();
        failed(cause);
    }

    @Override
    protected void sendStdin(byte[] b, int off, int len) throws IOException {
        connection.sendData(FrameType.STDIN, id, window, b, off, len);
    }

    @Override
    protected void sendStdinEof() throws IOException {
        connection.send(FrameType.STDIN_EOF, id, new byte[0], 0, 0);
    }

    @Override
    protected void sendSignal(String name) throws IOException {
        connection.sendJson(FrameType.SIGNAL, id, new Messages.Signal(name));
    }

    void awaitStart() throws IOException {
        awaitStarted();
    }

    @Override
    public String toString() {
        return "RemoteProcess[" + connection.endpoint() + " pid=" + pid() + ": " + command + "]";
    }
}
