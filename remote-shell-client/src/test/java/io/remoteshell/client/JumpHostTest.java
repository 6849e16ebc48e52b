package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The library's jump hosts ({@link SshOptions#jumps()}): a session through an rshelld that forwards. */
@Timeout(120)
class JumpHostTest {

    @TempDir
    Path dir;

    @Test
    void aSessionThroughAJumpHostLeavesNoLocalPortOpen() throws Exception {
        try (TestServer jump = TestServer.startWithForwarding(dir.resolve("jump"));
             TestServer target = TestServer.start(dir.resolve("target"))) {
            Path key = target.authorizeNewKey(Files.createDirectory(dir.resolve("keys")));
            jump.authorize(dir.resolve("keys/id_ed25519.pub"));
            Credentials keys = Credentials.sshKeys(List.of(key), SecretPrompt.NONE);
            HostKeys trust = HostKeys.acceptNew(dir.resolve("known_hosts"));
            SshOptions via = SshOptions.DEFAULTS.withJumps(List.of(new JumpHost(Endpoint.parse(jump.sshUri()), keys, trust)));
            Set<String> before = listeningSockets();
            try (Session s = RemoteShell.connect(target.sshUri(), keys, trust, Duration.ofSeconds(20), via)) {
                assertEquals("via\n", s.exec("echo via").stdoutText());
                // MINA reaches the next hop through a port it listens on; anyone on this machine could use it.
                assertEquals(before, listeningSockets(), "listening sockets of this JVM while the session is open");
            }
        }
    }

    /** The inodes of the TCP sockets this process listens on (Linux: /proc/net/tcp* and /proc/self/fd). */
    private static Set<String> listeningSockets() throws IOException {
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                if (f[3].equals("0A")) {
                    listening.add(f[9]);
                }
            }
        }
        Set<String> mine = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        String inode = link.substring(8, link.length() - 1);
                        if (listening.contains(inode)) {
                            mine.add(inode);
                        }
                    }
                } catch (IOException e) {
                    // Closed while listed.
                }
            }
        }
        return mine;
    }
}
