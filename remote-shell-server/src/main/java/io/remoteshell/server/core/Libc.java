package io.remoteshell.server.core;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The few C library calls the command runner makes itself (Linux, glibc, 64-bit): spawning a
 * command in its own session with default signal dispositions in one step, signalling process
 * groups, waiting on pipes with epoll and learning of an exit through a pidfd. Bound once with
 * JNA's direct mapping ({@code Native.register}): a call costs about what a JNI call does, where
 * an interface mapping goes through a proxy, reflection and boxing on every call. Pointers are
 * plain addresses ({@code long}) into direct buffers the caller owns, so no call allocates native
 * memory that a cleaner thread must free later. {@link #available} is false where any of them is
 * missing, and the runner then falls back to the JDK's own spawn.
 * <p>
 * errno: JNA keeps it after every direct call, {@link #errno()} reads it.
 */
final class Libc {

    // glibc's <spawn.h>, <fcntl.h>, <sys/epoll.h>, <sys/wait.h>, <signal.h>, <errno.h> on Linux.
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSID = 0x80;
    static final int O_CLOEXEC = 0x80000;
    static final int O_NONBLOCK = 0x800;
    static final int F_SETFL = 4;
    static final int F_SETPIPE_SZ = 1031;
    static final int EPOLLIN = 0x1;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLONESHOT = 1 << 30;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLL_CLOEXEC = O_CLOEXEC;
    /** struct epoll_event is packed on x86_64 (4 + 8 bytes), naturally aligned elsewhere (4 + 4 padding + 8). */
    static final int EPOLL_EVENT_SIZE = Platform.isIntel() ? 12 : 16;
    static final int EPOLL_DATA_OFFSET = Platform.isIntel() ? 4 : 8;
    static final int WNOHANG = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EEXIST = 17;
    static final long SYS_PIDFD_OPEN = 434; // the same number on every architecture (the unified syscall table of Linux 5.x)
    /** Sizes with room to spare over glibc's (336, 80 and 128 bytes on x86_64 and aarch64). */
    static final int SPAWNATTR_SIZE = 512;
    static final int FILE_ACTIONS_SIZE = 256;
    static final int SIGSET_SIZE = 256;

    private static final boolean AVAILABLE = load();

    private Libc() {
    }

    static native int posix_spawnattr_init(long attr);

    static native int posix_spawnattr_setflags(long attr, short flags);

    static native int posix_spawnattr_setsigdefault(long attr, long sigset);

    static native int posix_spawnattr_setsigmask(long attr, long sigset);

    static native int posix_spawn_file_actions_init(long actions);

    static native int posix_spawn_file_actions_destroy(long actions);

    static native int posix_spawn_file_actions_adddup2(long actions, int fd, int newfd);

    /** {@code path}: the address of a NUL-terminated string. */
    static native int posix_spawn_file_actions_addchdir_np(long actions, long path);

    static native int posix_spawn_file_actions_addclosefrom_np(long actions, int from);

    /** {@code path}, {@code argv}, {@code envp}: addresses of a C string and of NULL-terminated arrays of them. */
    static native int posix_spawn(int[] pid, long path, long actions, long attr, long argv, long envp);

    static native int sigemptyset(long set);

    static native int pipe2(int[] fds, int flags);

    /** fcntl(2) with an int argument (glibc's is variadic; an int travels in a register either way). */
    static native int fcntl(int fd, int cmd, int arg);

    static native int close(int fd);

    static native long read(int fd, long buf, long count);

    static native long write(int fd, long buf, long count);

    static native int kill(int pid, int sig);

    static native int waitpid(int pid, int[] status, int options);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, long event);

    static native int epoll_wait(int epfd, long events, int maxevents, int timeout);

    /** syscall(2) with two arguments: glibc's is variadic, but its integer arguments travel in registers alike. */
    static native long syscall(long number, long a, long b);

    static native String strerror(int errnum);

    /** Whether every call above can be made (Linux, glibc 2.34+, 64-bit, and not turned off). */
    static boolean available() {
        return AVAILABLE;
    }

    /** errno as the last call on this thread left it. */
    static int errno() {
        return Native.getLastError();
    }

    /** A direct buffer of {@code size} bytes in the platform's byte order, for {@link #address}. */
    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** The address of a direct buffer's first byte; valid while the buffer is reachable. */
    static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    private static boolean load() {
        if (!Platform.isLinux() || Native.POINTER_SIZE != 8 || Boolean.getBoolean("rshelld.jdkSpawn")) {
            return false;
        }
        try {
            NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            // addclosefrom_np (glibc 2.34) keeps the server's own descriptors out of every command.
            c.getFunction("posix_spawn_file_actions_addclosefrom_np");
            c.getFunction("posix_spawn_file_actions_addchdir_np");
            Native.register(Libc.class, c);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
