package io.remoteshell.server.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Map;
import java.util.Optional;

/**
 * The few C library calls the command runner makes itself (Linux, glibc, 64-bit): spawning a
 * command in its own session with default signal dispositions in one step, signalling process
 * groups, polling pipes and learning of an exit through a pidfd. Loaded once; {@link #get} is
 * empty where any of them is missing, and the runner then falls back to the JDK's own spawn.
 */
interface Libc extends Library {

    // glibc's <spawn.h>, <fcntl.h>, <poll.h>, <sys/wait.h>, <signal.h>, <errno.h> on Linux.
    short POSIX_SPAWN_SETSIGDEF = 0x04;
    short POSIX_SPAWN_SETSIGMASK = 0x08;
    short POSIX_SPAWN_SETSID = 0x80;
    int O_CLOEXEC = 0x80000;
    int O_NONBLOCK = 0x800;
    int F_GETFL = 3;
    int F_SETFL = 4;
    int F_SETPIPE_SZ = 1031;
    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;
    int WNOHANG = 1;
    int EINTR = 4;
    int EAGAIN = 11;
    int ESRCH = 3;
    long SYS_PIDFD_OPEN = 434; // the same number on every architecture (the unified syscall table of Linux 5.x)
    /** Sizes with room to spare over glibc's (336, 80 and 128 bytes on x86_64 and aarch64). */
    int SPAWNATTR_SIZE = 512;
    int FILE_ACTIONS_SIZE = 256;
    int SIGSET_SIZE = 256;

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawn(IntByReference pid, String path, Pointer actions, Pointer attr, String[] argv, String[] envp);

    int sigfillset(Pointer set);

    int sigemptyset(Pointer set);

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    int close(int fd);

    long read(int fd, Pointer buf, long count);

    long write(int fd, Pointer buf, long count);

    int poll(Pointer fds, int nfds, int timeout);

    int kill(int pid, int sig);

    int waitpid(int pid, IntByReference status, int options);

    /** syscall(2) with two arguments: glibc's is variadic, but its integer arguments travel in registers alike. */
    long syscall(long number, long a, long b);

    String strerror(int errnum);

    /** The library, or empty where it does not offer everything above (not Linux, not glibc 2.34+, 32-bit). */
    static Optional<Libc> get() {
        return Holder.LIBC;
    }

    final class Holder {
        static final Optional<Libc> LIBC = load();

        private Holder() {
        }

        private static Optional<Libc> load() {
            if (!Platform.isLinux() || Native.POINTER_SIZE != 8 || Boolean.getBoolean("rshelld.jdkSpawn")) {
                return Optional.empty();
            }
            try {
                NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
                // addclosefrom_np (glibc 2.34) keeps the server's own descriptors out of every command.
                c.getFunction("posix_spawn_file_actions_addclosefrom_np");
                c.getFunction("posix_spawn_file_actions_addchdir_np");
                return Optional.of(Native.load(Platform.C_LIBRARY_NAME, Libc.class, Map.of()));
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
