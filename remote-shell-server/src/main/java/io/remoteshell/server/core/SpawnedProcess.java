package io.remoteshell.server.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command started by one posix_spawn(3): the child leads a new session and process group
 * ({@code POSIX_SPAWN_SETSID}), starts with every signal at its default disposition and none
 * blocked ({@code SETSIGDEF}, {@code SETSIGMASK}) even when the server itself ignores SIGINT,
 * has its working directory, pipes on 0, 1 and 2 and no other descriptor of the server. That is
 * what {@code setsid} and {@code env --default-signal} did before, without their two extra execs.
 * <p>
 * The server keeps the other ends: stdout and stderr non-blocking for the {@link PipePoller}, stdin
 * blocking for the {@link StdinWriter}, and a pidfd that becomes readable when the child exits.
 */
final class SpawnedProcess {

    private static final int STDOUT_PIPE_BYTES = 1 << 20;

    private final Libc libc;
    final int pid;
    final int stdout;
    final int stderr;
    /** -1 once handed over or closed. */
    private int stdin;
    /** -1 where pidfd_open is missing (Linux before 5.3): then a thread waits for the exit. */
    final int pidfd;

    private SpawnedProcess(Libc libc, int pid, int stdin, int stdout, int stderr, int pidfd) {
        this.libc = libc;
        this.pid = pid;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.pidfd = pidfd;
    }

    /** Starts {@code executable} (an absolute path) with {@code argv}; an IOException names why it could not start. */
    static SpawnedProcess start(Libc libc, String executable, List<String> argv, Map<String, String> env, Path cwd)
            throws IOException {
        int[] in = pipe(libc);
        int[] out = null;
        int[] err = null;
        Memory attr = new Memory(Libc.SPAWNATTR_SIZE);
        Memory actions = new Memory(Libc.FILE_ACTIONS_SIZE);
        Memory all = new Memory(Libc.SIGSET_SIZE);
        Memory none = new Memory(Libc.SIGSET_SIZE);
        boolean attrReady = false;
        boolean actionsReady = false;
        try {
            out = pipe(libc);
            err = pipe(libc);
            check(libc, libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
            attrReady = true;
            check(libc, libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            actionsReady = true;
            libc.sigfillset(all);
            // sigfillset leaves out 32 and 33, glibc's own thread signals, and posix_spawn then leaves them ignored
            // in the child, so ignored across exec too; set every bit of 1..64 so those start at default as well
            // (the child blocks all signals until its exec, and nothing sends these to another process).
            all.setLong(0, -1L);
            libc.sigemptyset(none);
            check(libc, libc.posix_spawnattr_setflags(attr,
                    (short) (Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK)), "setflags");
            check(libc, libc.posix_spawnattr_setsigdefault(attr, all), "setsigdefault");
            check(libc, libc.posix_spawnattr_setsigmask(attr, none), "setsigmask");
            // dup2 onto 0, 1, 2 clears close-on-exec there; every other descriptor (all pipes are O_CLOEXEC, and
            // the JDK does not mark the server's sockets so) is closed before the exec.
            check(libc, libc.posix_spawn_file_actions_adddup2(actions, in[0], 0), "adddup2");
            check(libc, libc.posix_spawn_file_actions_adddup2(actions, out[1], 1), "adddup2");
            check(libc, libc.posix_spawn_file_actions_adddup2(actions, err[1], 2), "adddup2");
            check(libc, libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom_np");
            check(libc, libc.posix_spawn_file_actions_addchdir_np(actions, cwd.toString()), "addchdir_np");
            String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            IntByReference pid = new IntByReference();
            // JNA passes a String[] as a NULL-terminated char*[], as exec wants it.
            int rc = libc.posix_spawn(pid, executable, actions, attr, argv.toArray(String[]::new), envp);
            if (rc != 0) {
                throw new IOException(libc.strerror(rc).toLowerCase(Locale.ROOT));
            }
            int pidfd = (int) libc.syscall(Libc.SYS_PIDFD_OPEN, pid.getValue(), 0L);
            // Room for a writer in full flow to go on while the pump sends the last chunk: 1 MiB (Linux's limit for
            // anyone) instead of 64 KiB. Pages are taken as they fill; refused over the user's quota, and then 64 KiB do.
            try {
                libc.fcntl(out[0], Libc.F_SETPIPE_SZ, STDOUT_PIPE_BYTES);
            } catch (LastErrorException e) {
                // EPERM over the quota (or an older kernel): the default size works, only slower.
            }
            int flags = libc.fcntl(out[0], Libc.F_GETFL, 0);
            libc.fcntl(out[0], Libc.F_SETFL, flags | Libc.O_NONBLOCK);
            flags = libc.fcntl(err[0], Libc.F_GETFL, 0);
            libc.fcntl(err[0], Libc.F_SETFL, flags | Libc.O_NONBLOCK);
            SpawnedProcess p = new SpawnedProcess(libc, pid.getValue(), in[1], out[0], err[0], pidfd < 0 ? -1 : pidfd);
            libc.close(in[0]);
            libc.close(out[1]);
            libc.close(err[1]);
            in = null;
            out = null;
            err = null;
            return p;
        } finally {
            if (actionsReady) {
                libc.posix_spawn_file_actions_destroy(actions);
            }
            if (attrReady) {
                libc.posix_spawnattr_destroy(attr);
            }
            closeAll(libc, in);
            closeAll(libc, out);
            closeAll(libc, err);
        }
    }

    /** The write end of the command's standard input as a blocking stream; the stream closes the descriptor. */
    OutputStream stdin() {
        int fd = stdin;
        stdin = -1;
        return new FdOutputStream(libc, fd);
    }

    /** Gives the command end of file on its standard input right away. */
    void closeStdin() {
        if (stdin >= 0) {
            libc.close(stdin);
            stdin = -1;
        }
    }

    /**
     * The exit as the JDK reports it (the code, or 128 + N for death by signal N) once the child has exited; -1 while
     * it runs. With {@code block}, waits for the exit.
     */
    int reap(boolean block) {
        IntByReference status = new IntByReference();
        while (true) {
            int rc = libc.waitpid(pid, status, block ? 0 : Libc.WNOHANG);
            if (rc == pid) {
                int s = status.getValue();
                int termsig = s & 0x7f;
                return termsig == 0 ? (s >> 8) & 0xff : 128 + termsig;
            }
            if (rc == 0) {
                return -1;
            }
            if (Native.getLastError() != Libc.EINTR) {
                return 128 + 9; // cannot happen for our own child; report it as killed rather than hang
            }
        }
    }

    void close(int fd) {
        if (fd >= 0) {
            libc.close(fd);
        }
    }

    private static int[] pipe(Libc libc) throws IOException {
        int[] fds = new int[2];
        try {
            libc.pipe2(fds, Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot create a pipe: " + libc.strerror(e.getErrorCode()), e);
        }
        return fds;
    }

    private static void check(Libc libc, int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + libc.strerror(rc));
        }
    }

    private static void closeAll(Libc libc, int[] fds) {
        if (fds != null) {
            for (int fd : fds) {
                libc.close(fd);
            }
        }
    }

    /** write(2) on a blocking pipe; a command that closed its input gives EPIPE, an IOException like the JDK's. */
    private static final class FdOutputStream extends OutputStream {
        private final Libc libc;
        private final int fd;
        private Memory buffer;
        private boolean closed;

        FdOutputStream(Libc libc, int fd) {
            this.libc = libc;
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stdin is closed");
            }
            if (buffer == null || buffer.size() < len) {
                buffer = new Memory(Math.max(len, 8192));
            }
            buffer.write(0, b, off, len);
            long done = 0;
            while (done < len) {
                long n = libc.write(fd, buffer.share(done), len - done);
                if (n < 0) {
                    int errno = Native.getLastError();
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    throw new IOException("writing to the command's stdin failed: " + libc.strerror(errno));
                }
                done += n;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                libc.close(fd);
            }
        }
    }
}
