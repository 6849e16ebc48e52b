package io.remoteshell.server.ssh;

import io.remoteshell.server.core.AuditLog;
import io.remoteshell.server.core.AuditRecord;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.file.FileSystemAware;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerSessionAware;

/**
 * A MINA command that runs inside the JVM (legacy SCP), wrapped so that it leaves one audit line
 * like every other session: bytes counted on its streams, the line written when it exits or its
 * channel closes first. It passes on the interfaces MINA looks for (file system, session).
 */
final class AuditedCommand implements Command, FileSystemAware, ServerSessionAware {

    private final AuditLog audit;
    private final Command delegate;
    private final AuditRecord record;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicBoolean audited = new AtomicBoolean();

    AuditedCommand(AuditLog audit, Command delegate, String kind, String commandLine, ServerSession session) {
        this.audit = audit;
        this.delegate = delegate;
        this.record = AuditRecord.begin("ssh", SshLogin.peer(session), session.getUsername()).kind(kind).command(commandLine);
    }

    @Override
    public void setSession(ServerSession session) {
        if (delegate instanceof ServerSessionAware aware) {
            aware.setSession(session);
        }
    }

    @Override
    public void setFileSystemFactory(FileSystemFactory factory, SessionContext context) throws IOException {
        if (delegate instanceof FileSystemAware aware) {
            aware.setFileSystemFactory(factory, context);
        }
    }

    @Override
    public void setFileSystem(FileSystem fileSystem) {
        if (delegate instanceof FileSystemAware aware) {
            aware.setFileSystem(fileSystem);
        }
    }

    @Override
    public void setInputStream(InputStream in) {
        delegate.setInputStream(new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesIn.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    bytesIn.addAndGet(n);
                }
                return n;
            }
        });
    }

    @Override
    public void setOutputStream(OutputStream out) {
        delegate.setOutputStream(counting(out));
    }

    @Override
    public void setErrorStream(OutputStream err) {
        delegate.setErrorStream(counting(err));
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        delegate.setExitCallback((code, message, closeImmediately) -> {
            audit(code, message == null || message.isEmpty() ? null : message);
            callback.onExit(code, message, closeImmediately);
        });
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        delegate.start(channel, env);
    }

    @Override
    public void destroy(ChannelSession channel) throws Exception {
        audit(null, "DISCONNECTED");
        delegate.destroy(channel);
    }

    private OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytesOut.incrementAndGet();
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                out.write(buf, off, len);
                bytesOut.addAndGet(len);
            }
        };
    }

    private void audit(Integer code, String error) {
        if (audited.getAndSet(true)) {
            return;
        }
        audit.write(record.code(code).error(error).bytes(bytesIn.get(), bytesOut.get()).entry());
    }
}
