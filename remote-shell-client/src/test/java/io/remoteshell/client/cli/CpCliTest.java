package io.remoteshell.client.cli;

import static io.remoteshell.client.FileTrees.describe;
import static io.remoteshell.client.FileTrees.make;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.junit.RshelldExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code rshell cp} as a user types it: URIs and HOST:PATH, -r, options after the operands, the exit statuses. */
@Timeout(180)
class CpCliTest {

    @RegisterExtension
    static RshelldExtension server = RshelldExtension.builder().build();
    @TempDir
    Path dir;

    private RshellCliTest.Run rshell(String... args) throws Exception {
        Path home = dir.resolve("home");
        return RshellCliTest.rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()), args);
    }

    private String rsp(Path path) {
        return server.rspUri() + path.toString();
    }

    private String rsps(Path path) {
        return server.server().rspsUri() + path.toString();
    }

    /** USER@HOST:PATH, scp's form, over SSH with the server's key trusted; the -p and login options come after it. */
    private List<String> ssh(String... operands) {
        List<String> args = new ArrayList<>(List.of("cp"));
        args.addAll(List.of(operands));
        args.addAll(List.of("-p", String.valueOf(server.sshPort()), "-i", server.privateKey().toString(),
                "-o", "UserKnownHostsFile=" + server.knownHosts()));
        return args;
    }

    private String sshPath(Path path) {
        return server.user() + "@127.0.0.1:" + path;
    }

    private String token() {
        return server.tokenFile().toString();
    }

    @Test
    void aTreeUpAndBackOverRspWithOptionsAfterTheOperands() throws Exception {
        Path tree = make(Files.createDirectory(dir.resolve("local")));
        Path remote = Files.createDirectory(dir.resolve("remote"));
        RshellCliTest.Run up = rshell("cp", "-r", tree.toString(), rsp(remote) + "/", "--token-file", token());
        assertEquals(0, up.exit(), up.stderr());
        assertEquals("", up.stderr(), "no progress bar on a pipe");
        assertEquals(describe(tree), describe(remote.resolve("tree")));

        Path back = dir.resolve("back");
        RshellCliTest.Run down = rshell("cp", "--token-file", token(), rsp(remote.resolve("tree")), back.toString(), "-r");
        assertEquals(0, down.exit(), down.stderr());
        assertEquals(describe(tree), describe(back), "cp -r host:tree new makes new, as scp");
    }

    @Test
    void userAtHostColonPathOverSshIntoExistingDirectories() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "over ssh\n");
        Path remote = Files.createDirectory(dir.resolve("remote"));
        RshellCliTest.Run up = rshell(ssh(file.toString(), sshPath(remote)).toArray(String[]::new));
        assertEquals(0, up.exit(), up.stderr());
        assertEquals("over ssh\n", Files.readString(remote.resolve("notes.txt")), "into an existing directory, its own name");

        Path tree = make(remote);
        Path into = Files.createDirectory(dir.resolve("into"));
        List<String> args = ssh(sshPath(tree), into + "/");
        args.add("-r");
        RshellCliTest.Run down = rshell(args.toArray(String[]::new));
        assertEquals(0, down.exit(), down.stderr());
        assertEquals(describe(tree), describe(into.resolve("tree")));
    }

    @Test
    void rspsUpThenHostToHostThroughHere() throws Exception {
        Path file = Files.writeString(dir.resolve("tls.txt"), "in tls\n");
        Path remote = Files.createDirectory(dir.resolve("remote"));
        RshellCliTest.Run up = rshell("cp", "--accept-new", "--token-file", token(), file.toString(), rsps(remote.resolve("up.txt")));
        assertEquals(0, up.exit(), up.stderr());
        assertEquals("in tls\n", Files.readString(remote.resolve("up.txt")));

        // From rsps to ssh, as scp -3: the pin recorded above is known now; the file reaches a new name on the other side.
        List<String> args = ssh(rsps(remote.resolve("up.txt")), sshPath(remote.resolve("relayed.txt")));
        args.addAll(List.of("--token-file", token()));
        RshellCliTest.Run relay = rshell(args.toArray(String[]::new));
        assertEquals(0, relay.exit(), relay.stderr());
        assertEquals("in tls\n", Files.readString(remote.resolve("relayed.txt")));
    }

    @Test
    void mistakesSayWhatIsWrongAndLeaveNothing() throws Exception {
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Path plain = Files.writeString(remote.resolve("plain"), "x");
        Path a = Files.writeString(dir.resolve("a"), "a");

        RshellCliTest.Run slash = rshell("cp", "--token-file", token(), rsp(plain), dir.resolve("missing") + "/");
        assertEquals(1, slash.exit());
        assertEquals("rshell: " + dir.resolve("missing") + "/: no such directory (a destination ending in / must be an"
                + " existing directory; rshell does not make it)\n", slash.stderr());
        assertFalse(Files.exists(dir.resolve("missing")));

        RshellCliTest.Run many = rshell("cp", "--token-file", token(), a.toString(), a.toString(), rsp(plain));
        assertEquals(1, many.exit());
        assertEquals("rshell: " + plain + " is not a directory: copying 2 sources needs an existing directory to copy"
                + " them into\n", many.stderr());
        assertEquals("x", Files.readString(plain));

        RshellCliTest.Run noR = rshell("cp", "--token-file", token(), remote.toString(), rsp(dir.resolve("copy")));
        assertEquals(1, noR.exit());
        assertTrue(noR.stderr().contains(remote + " is a directory: copy it recursively (cp -r)"), noR.stderr());
        assertFalse(Files.exists(dir.resolve("copy")));

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RshellCliTest.Run down = rshell("cp", "--token-file", token(), a.toString(), "rsp://alice@127.0.0.1:" + closed + "/tmp/x");
        assertEquals(255, down.exit(), down.stderr());
        assertTrue(down.stderr().startsWith("rshell: cannot connect to 127.0.0.1:" + closed), down.stderr());
    }
}
