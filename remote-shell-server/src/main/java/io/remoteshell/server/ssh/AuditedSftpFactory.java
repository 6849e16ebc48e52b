package io.remoteshell.server.ssh;

import io.remoteshell.server.core.AuditLog;
import io.remoteshell.server.core.AuditRecord;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.server.session.ServerSession;

/**
 * MINA's SFTP subsystem (versions 3 to 6; OpenSSH's sftp and scp and paramiko speak 3), with one
 * audit line per SFTP channel: file bytes read and written, written when the channel closes.
 * The file system it sees is {@link TransferFileSystem}'s, and sftp starts in its start directory:
 * MINA's own subsystem would start in the JVM's working directory.
 */
final class AuditedSftpFactory extends SftpSubsystemFactory {

    private final AuditLog audit;
    private final TransferFileSystem files;

    AuditedSftpFactory(AuditLog audit, TransferFileSystem files) {
        this.audit = audit;
        this.files = files;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
            /** Called with the channel's file system before the first request; relative paths resolve against defaultDir. */
            @Override
            public void setFileSystem(FileSystem fs) {
                super.setFileSystem(fs);
                defaultDir = files.startIn(fs);
            }
        };
        ServerSession session = channel.getServerSession();
        subsystem.addSftpEventListener(new Audit(AuditRecord.begin("ssh", SshLogin.peer(session), session.getUsername()).kind("sftp")));
        return subsystem;
    }

    /** Listens to one subsystem instance, so its counts are this channel's. */
    private final class Audit implements SftpEventListener {
        private final AuditRecord record;
        private final AtomicLong bytesIn = new AtomicLong();
        private final AtomicLong bytesOut = new AtomicLong();

        Audit(AuditRecord record) {
            this.record = record;
        }

        @Override
        public void read(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                         int dataOffset, int dataLen, int readLen, Throwable thrown) {
            if (readLen > 0) {
                bytesOut.addAndGet(readLen);
            }
        }

        @Override
        public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                            int dataOffset, int dataLen, Throwable thrown) {
            if (thrown == null) {
                bytesIn.addAndGet(dataLen);
            }
        }

        @Override
        public void destroying(ServerSession session) {
            audit.write(record.path(files.describe()).bytes(bytesIn.get(), bytesOut.get()).entry());
        }
    }
}
