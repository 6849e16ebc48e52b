package io.remoteshell.server.core;

import com.sun.jna.Native;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A command started by one posix_spawn(3): the child leads a new session and process group
 * ({@code POSIX_SPAWN_SETSID}), starts with every signal at its default disposition and none
 * blocked ({@code SETSIGDEF}, {@code SETSIGMASK}) even when the server itself ignores SIGINT,
 * has its working directory, pipes on 0, 1 and 2 and no other descriptor of the server. That is
 * what {@code setsid} and {@code env --default-signal} did before, without their two extra execs.
 * <p>
 * The server keeps the other ends: stdout and stderr non-blocking for the {@link PipePoller}, stdin
 * blocking for the {@link StdinWriter}, and a pidfd that becomes readable when the child exits.
 * <p>
 * What posix_spawn reads (attributes, file actions, argv, envp and their strings) is laid out in a
 * reused direct buffer ({@link Arena}): a spawn allocates no native memory of its own.
 */
final class SpawnedProcess {

    private static final int STDOUT_PIPE_BYTES = 1 << 20;
    /** The charset JNA has always passed strings in (the platform's), so names and values reach exec as before. */
    private static final Charset CHARSET = Charset.forName(Native.getDefaultStringEncoding());
    private static final ConcurrentLinkedQueue<Arena> ARENAS = new ConcurrentLinkedQueue<>();

    final int pid;
    final int stdout;
    final int stderr;
    /** -1 once handed over or closed. */
    private int stdin;
    /** -1 where pidfd_open is missing (Linux before 5.3): then a thread waits for the exit. */
    final int pidfd;

    private SpawnedProcess(int pid, int stdin, int stdout, int stderr, int pidfd) {
        this.pid = pid;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.pidfd = pidfd;
    }

    /**
     * Starts {@code executable} (an absolute path) with {@code argv} and the environment {@code env} (entries
     * {@code NAME=value} already encoded, see {@link Environment}); an IOException names why it could not start.
     */
    static SpawnedProcess start(String executable, List<String> argv, List<byte[]> env, String cwd) throws IOException {
        int[] in = pipe();
        int[] out = null;
        int[] err = null;
        Arena arena = null;
        boolean actionsReady = false;
        try {
            arena = ARENAS.poll();
            if (arena == null) {
                arena = new Arena();
            }
            // First, because it may move the arena to a bigger buffer: the file actions live in the arena too, and
            // must be initialised where posix_spawn will read them.
            arena.layout(executable, argv, env, cwd);
            out = pipe();
            err = pipe();
            long actions = arena.actions();
            check(Libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            actionsReady = true;
            // dup2 onto 0, 1, 2 clears close-on-exec there; every other descriptor (all pipes are O_CLOEXEC, and
            // the JDK does not mark the server's sockets so) is closed before the exec.
            check(Libc.posix_spawn_file_actions_adddup2(actions, in[0], 0), "adddup2");
            check(Libc.posix_spawn_file_actions_adddup2(actions, out[1], 1), "adddup2");
            check(Libc.posix_spawn_file_actions_adddup2(actions, err[1], 2), "adddup2");
            check(Libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom_np");
            check(Libc.posix_spawn_file_actions_addchdir_np(actions, arena.cwd), "addchdir_np");
            int[] pid = new int[1];
            int rc = Libc.posix_spawn(pid, arena.path, actions, arena.attr(), arena.argv, arena.envp);
            if (rc != 0) {
                throw new IOException(Libc.strerror(rc).toLowerCase(Locale.ROOT));
            }
            int pidfd = (int) Libc.syscall(Libc.SYS_PIDFD_OPEN, pid[0], 0L);
            // Room for a writer in full flow to go on while the pump sends the last chunk: 1 MiB (Linux's limit for
            // anyone) instead of 64 KiB. Pages are taken as they fill; refused over the user's quota (EPERM, or an
            // older kernel), and then 64 KiB do, only slower.
            Libc.fcntl(out[0], Libc.F_SETPIPE_SZ, STDOUT_PIPE_BYTES);
            // Fresh from pipe2, the read ends have no status flags but O_RDONLY: no F_GETFL needed.
            Libc.fcntl(out[0], Libc.F_SETFL, Libc.O_NONBLOCK);
            Libc.fcntl(err[0], Libc.F_SETFL, Libc.O_NONBLOCK);
            SpawnedProcess p = new SpawnedProcess(pid[0], in[1], out[0], err[0], pidfd < 0 ? -1 : pidfd);
            Libc.close(in[0]);
            Libc.close(out[1]);
            Libc.close(err[1]);
            in = null;
            out = null;
            err = null;
            return p;
        } finally {
            if (actionsReady) {
                Libc.posix_spawn_file_actions_destroy(arena.actions());
            }
            if (arena != null) {
                ARENAS.add(arena);
            }
            closeAll(in);
            closeAll(out);
            closeAll(err);
        }
    }

    /** The write end of the command's standard input as a blocking stream; the stream closes the descriptor. */
    OutputStream stdin() {
        int fd = stdin;
        stdin = -1;
        return new FdOutputStream(fd);
    }

    /** Gives the command end of file on its standard input right away. */
    void closeStdin() {
        if (stdin >= 0) {
            Libc.close(stdin);
            stdin = -1;
        }
    }

    /**
     * The exit as the JDK reports it (the code, or 128 + N for death by signal N) once the child has exited; -1 while
     * it runs. With {@code block}, waits for the exit.
     */
    int reap(boolean block) {
        int[] status = new int[1];
        while (true) {
            int rc = Libc.waitpid(pid, status, block ? 0 : Libc.WNOHANG);
            if (rc == pid) {
                int s = status[0];
                int termsig = s & 0x7f;
                return termsig == 0 ? (s >> 8) & 0xff : 128 + termsig;
            }
            if (rc == 0) {
                return -1;
            }
            if (Libc.errno() != Libc.EINTR) {
                return 128 + 9; // cannot happen for our own child; report it as killed rather than hang
            }
        }
    }

    /** For a child nobody will supervise (setting up its supervision failed): kills its group, reaps it, closes its pipes. */
    void abandon() {
        Libc.kill(-pid, 9);
        reap(true);
        closeStdin();
        close(stdout);
        close(stderr);
        close(pidfd);
    }

    void close(int fd) {
        if (fd >= 0) {
            Libc.close(fd);
        }
    }

    private static int[] pipe() throws IOException {
        int[] fds = new int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) {
            throw new IOException("cannot create a pipe: " + Libc.strerror(Libc.errno()));
        }
        return fds;
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + Libc.strerror(rc));
        }
    }

    private static void closeAll(int[] fds) {
        if (fds != null) {
            for (int fd : fds) {
                Libc.close(fd);
            }
        }
    }

    /** Encodes {@code NAME=value} as exec wants an environment entry (without its NUL, which the arena adds). */
    static byte[] entry(String name, String value) {
        return (name + "=" + value).getBytes(CHARSET);
    }

    /**
     * The environment of commands: the server's own, encoded once, with a request's additions in front of what they
     * replace. Most requests add nothing or a few names, so a spawn copies bytes instead of building strings.
     */
    static final class Environment {
        private static final Map<String, String> BASE = System.getenv();
        private static final String[] BASE_NAMES = BASE.keySet().toArray(String[]::new);
        private static final byte[][] BASE_ENTRIES = new byte[BASE_NAMES.length][];

        static {
            for (int i = 0; i < BASE_NAMES.length; i++) {
                BASE_ENTRIES[i] = entry(BASE_NAMES[i], BASE.get(BASE_NAMES[i]));
            }
        }

        private Environment() {
        }

        /** The server's variables, those in {@code extra} replaced by its values, then the rest of {@code extra}. */
        static List<byte[]> of(Map<String, String> extra) {
            List<byte[]> all = new java.util.ArrayList<>(BASE_NAMES.length + extra.size());
            for (int i = 0; i < BASE_NAMES.length; i++) {
                if (!extra.containsKey(BASE_NAMES[i])) {
                    all.add(BASE_ENTRIES[i]);
                }
            }
            extra.forEach((k, v) -> all.add(entry(k, v)));
            return all;
        }

        /** The value {@code name} has in a command's environment. */
        static String get(Map<String, String> extra, String name) {
            String v = extra.get(name);
            return v != null ? v : BASE.get(name);
        }
    }

    /**
     * One spawn's native memory, reused by the next: spawn attributes (set once: they are the same for every
     * command), file actions, and argv, envp and their strings laid out behind them. Taken from a shared queue for
     * the time of one spawn, so there are about as many as spawns ever ran at once.
     */
    private static final class Arena {
        private static final int ATTR = 0;
        private static final int ACTIONS = ATTR + Libc.SPAWNATTR_SIZE;
        private static final int SIG_ALL = ACTIONS + Libc.FILE_ACTIONS_SIZE;
        private static final int SIG_NONE = SIG_ALL + Libc.SIGSET_SIZE;
        private static final int STRINGS = SIG_NONE + Libc.SIGSET_SIZE;

        private ByteBuffer buffer;
        private long base;
        /** Addresses in the buffer after {@link #layout}. */
        long path;
        long cwd;
        long argv;
        long envp;

        Arena() {
            allocate(16 << 10);
        }

        long attr() {
            return base + ATTR;
        }

        long actions() {
            return base + ACTIONS;
        }

        private void allocate(int size) {
            buffer = Libc.buffer(size);
            base = Libc.address(buffer);
            // Never destroyed: glibc's spawn attributes own no memory of their own.
            if (Libc.posix_spawnattr_init(attr()) != 0) {
                throw new IllegalStateException("posix_spawnattr_init failed");
            }
            // Every bit of 1..64: sigfillset would leave out 32 and 33, glibc's own thread signals, and posix_spawn
            // would then leave them ignored in the child, so ignored across exec too. (The child blocks all signals
            // until its exec, and nothing sends these to another process.)
            buffer.putLong(SIG_ALL, -1L);
            Libc.sigemptyset(base + SIG_NONE);
            if (Libc.posix_spawnattr_setflags(attr(),
                    (short) (Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK)) != 0
                    || Libc.posix_spawnattr_setsigdefault(attr(), base + SIG_ALL) != 0
                    || Libc.posix_spawnattr_setsigmask(attr(), base + SIG_NONE) != 0) {
                throw new IllegalStateException("setting the spawn attributes failed");
            }
        }

        /** Lays out the pointer arrays, then the strings they point to. */
        void layout(String executable, List<String> args, List<byte[]> env, String dir) throws IOException {
            byte[] pathBytes = executable.getBytes(CHARSET);
            byte[] cwdBytes = dir.getBytes(CHARSET);
            byte[][] argBytes = new byte[args.size()][];
            long need = STRINGS + 8L * (args.size() + 1 + env.size() + 1) + pathBytes.length + cwdBytes.length + 2;
            for (int i = 0; i < argBytes.length; i++) {
                argBytes[i] = args.get(i).getBytes(CHARSET);
                need += argBytes[i].length + 1;
            }
            for (byte[] e : env) {
                need += e.length + 1;
            }
            if (need > buffer.capacity()) {
                if (need > Integer.MAX_VALUE / 2) {
                    throw new IOException("the command and its environment are too large to start");
                }
                allocate(Integer.highestOneBit((int) need) * 2);
            }
            ByteBuffer b = buffer;
            int pointers = STRINGS;
            int strings = STRINGS + 8 * (args.size() + 1 + env.size() + 1);
            argv = base + pointers;
            for (byte[] a : argBytes) {
                b.putLong(pointers, base + strings);
                pointers += 8;
                strings = put(b, strings, a);
            }
            b.putLong(pointers, 0L);
            pointers += 8;
            envp = base + pointers;
            for (byte[] e : env) {
                b.putLong(pointers, base + strings);
                pointers += 8;
                strings = put(b, strings, e);
            }
            b.putLong(pointers, 0L);
            path = base + strings;
            strings = put(b, strings, pathBytes);
            cwd = base + strings;
            put(b, strings, cwdBytes);
        }

        /** Copies a string and its terminating NUL to {@code at}; the offset after it. */
        private static int put(ByteBuffer b, int at, byte[] s) {
            b.put(at, s);
            b.put(at + s.length, (byte) 0);
            return at + s.length + 1;
        }
    }

    /** write(2) on a blocking pipe; a command that closed its input gives EPIPE, an IOException like the JDK's. */
    private static final class FdOutputStream extends OutputStream {
        private final int fd;
        private ByteBuffer buffer;
        private long address;
        private boolean closed;

        FdOutputStream(int fd) {
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
            if (buffer == null || buffer.capacity() < len) {
                buffer = Libc.buffer(Math.max(len, 8192));
                address = Libc.address(buffer);
            }
            buffer.put(0, b, off, len);
            long done = 0;
            while (done < len) {
                long n = Libc.write(fd, address + done, len - done);
                if (n < 0) {
                    int errno = Libc.errno();
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    throw new IOException("writing to the command's stdin failed: " + Libc.strerror(errno));
                }
                done += n;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                Libc.close(fd);
            }
        }
    }
}
