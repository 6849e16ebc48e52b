package io.remoteshell.client.rsp;

import io.remoteshell.client.HostKeyException;
import io.remoteshell.client.ServerPins;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * rshell's known-hosts file for rsps: lines {@code [host]:port SHA256:...}, blank lines and {@code #} comments
 * ignored. A server is checked against the first line for its {@code [host]:port} (the name the user gave, as
 * OpenSSH records it), and an accepted new one is appended under a file lock, so two clients never interleave lines.
 */
final class KnownServers {

    private final ServerPins policy;

    KnownServers(ServerPins policy) {
        this.policy = policy;
    }

    /** {@code [host]:port}, IPv6 addresses included, as the file names a server. */
    static String pattern(String host, int port) {
        return "[" + host + "]:" + port;
    }

    /**
     * Passes when {@code fingerprint} is pinned for the server, or the server is new and the policy accepts it (it is
     * then pinned); otherwise throws the reason, with OpenSSH's warning when the pinned key changed.
     */
    void check(String host, int port, String keyType, String fingerprint) throws IOException {
        String name = pattern(host, port);
        Path file = policy.file();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String[] fields = lines.get(i).strip().split("\\s+");
                if (fields.length >= 2 && fields[0].equals(name)) {
                    if (fields[1].equals(fingerprint)) {
                        return;
                    }
                    throw changed(name, keyType, fingerprint, fields[1], file, i + 1);
                }
            }
        }
        if (!policy.unknownHost().accept(name, keyType, fingerprint)) {
            throw new HostKeyException("the rsps key of " + name + " (" + keyType + " " + fingerprint + ") is not in " + file
                    + " and was not accepted; check the fingerprint with the server's administrator (rshelld fingerprint"
                    + " prints it), then connect from a terminal to be asked, or pass --accept-new");
        }
        record(file, name + " " + fingerprint + "\n");
    }

    private static HostKeyException changed(String name, String keyType, String actual, String expected, Path file, int line) {
        String bar = "@".repeat(59);
        return new HostKeyException("\n" + bar + "\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" + bar + "\n"
                + "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n"
                + "Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n"
                + "It is also possible that the rsps key has just been changed.\n"
                + "The fingerprint for the " + keyType + " key sent by the remote host is\n"
                + actual + ".\n"
                + "Offending key in " + file + ":" + line + ": " + name + " was pinned to " + expected + ".\n"
                + "Host key verification failed: if the change is expected (ask the server's administrator for the output"
                + " of rshelld fingerprint), remove that line and connect again.");
    }

    private static void record(Path file, String line) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // Another client made it first; we append to it.
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock lock = channel.lock()) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
