package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.TestServer;
import io.remoteshell.client.cli.RshellCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code rshell -J} and ProxyJump, as ssh has them: real rshelld jump hosts (--allow-forwarding) in front of a target. */
@Timeout(120)
class JumpHostCliTest {

    @TempDir
    static Path dir;
    static TestServer jump1;
    static TestServer jump2;
    /** The target; it does not forward, so it also serves as a jump host that refuses. */
    static TestServer target;
    static Path pub;

    @BeforeAll
    static void start() throws Exception {
        jump1 = TestServer.startWithForwarding(dir.resolve("jump1"));
        jump2 = TestServer.startWithForwarding(dir.resolve("jump2"));
        target = TestServer.start(dir.resolve("target"));
        Path keys = Files.createDirectory(dir.resolve("keys"));
        TestServer.newKeyFile(keys);
        pub = keys.resolve("id_ed25519.pub");
        for (TestServer s : new TestServer[] {jump1, jump2, target}) {
            s.authorize(pub);
        }
    }

    @AfterAll
    static void stop() {
        jump1.close();
        jump2.close();
        target.close();
    }

    /** A HOME whose ~/.ssh/id_ed25519 every server accepts, with no known hosts. */
    private static Path home(String name) throws Exception {
        Path dotSsh = Files.createDirectories(dir.resolve(name).resolve(".ssh"));
        Files.copy(pub.resolveSibling("id_ed25519"), dotSsh.resolve("id_ed25519"));
        return dotSsh.getParent();
    }

    private static Run rshell(Path home, String... args) throws Exception {
        return RshellCliTest.rshellWithHome(home, new byte[0], Map.of("HOME", home.toString()), args);
    }

    private static String at(TestServer s) {
        return "alice@127.0.0.1:" + s.sshPort();
    }

    private static String[] targetArgs() {
        return new String[] {"alice@127.0.0.1", "-p", String.valueOf(target.sshPort())};
    }

    @Test
    void oneShotThroughAJumpHostRecordsEachHopsKeyUnderItsOwnName() throws Exception {
        Path home = home("home-one");
        Run r = rshell(home, "--accept-new", "-J", at(jump1), "alice@127.0.0.1", "-p", String.valueOf(target.sshPort()),
                "echo", "through");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("through\n", r.out());
        String known = Files.readString(home.resolve(".ssh/known_hosts"));
        assertTrue(known.contains("[127.0.0.1]:" + jump1.sshPort() + " "), known);
        assertTrue(known.contains("[127.0.0.1]:" + target.sshPort() + " "), known);
    }

    @Test
    void twoHopsInOrderAndAJumpHostThatRefusesForwardingIsNamedWithTheFix() throws Exception {
        Path home = home("home-two");
        Run two = rshell(home, "--accept-new", "-J", at(jump1) + "," + at(jump2), targetArgs()[0], targetArgs()[1],
                targetArgs()[2], "echo", "two");
        assertEquals(0, two.exit(), two.stderr());
        assertEquals("two\n", two.out());

        // jump1 forwards to the second hop, which refuses to forward on to the real target: in the other order the
        // refusing host would be asked for jump1's port instead.
        String refusing = "alice@127.0.0.1:" + target.sshPort();
        Run refused = rshell(home, "--accept-new", "-J", at(jump1) + "," + refusing, "alice@127.0.0.1", "-p",
                String.valueOf(jump2.sshPort()), "echo", "never");
        assertEquals(255, refused.exit(), refused.stderr());
        assertEquals("", refused.out());
        assertTrue(refused.stderr().startsWith("rshell: jump host 127.0.0.1:" + target.sshPort()
                + " refuses to forward connections (asked for 127.0.0.1:" + jump2.sshPort() + ":"), refused.stderr());
        assertTrue(refused.stderr().contains("start its rshelld with --allow-forwarding"), refused.stderr());
        assertEquals(1, refused.stderr().lines().count(), refused.stderr());
    }

    @Test
    void proxyJumpFromAConfigFileFollowsEachAliasOwnEntry() throws Exception {
        Path home = home("home-config");
        Path config = Files.writeString(dir.resolve("config"), String.join("\n",
                "Host target",
                "    HostName 127.0.0.1",
                "    Port " + target.sshPort(),
                "    ProxyJump hop2",
                "Host hop2",
                "    HostName 127.0.0.1",
                "    Port " + jump2.sshPort(),
                "    ProxyJump hop1",
                "Host hop1",
                "    HostName 127.0.0.1",
                "    Port " + jump1.sshPort(),
                "Host *",
                "    User alice",
                "    StrictHostKeyChecking accept-new",
                ""));
        Run r = rshell(home, "-F", config.toString(), "target", "echo", "aliases");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("aliases\n", r.out());
        String known = Files.readString(home.resolve(".ssh/known_hosts"));
        for (TestServer s : new TestServer[] {jump1, jump2, target}) {
            assertTrue(known.contains("[127.0.0.1]:" + s.sshPort() + " "), known);
        }

        // ProxyJump none from -o wins over the file: straight to the target, whose key is known by now.
        Files.delete(home.resolve(".ssh/known_hosts"));
        Run direct = rshell(home, "-F", config.toString(), "-o", "ProxyJump=none", "target", "echo", "direct");
        assertEquals(0, direct.exit(), direct.stderr());
        assertEquals("[127.0.0.1]:" + target.sshPort(),
                Files.readString(home.resolve(".ssh/known_hosts")).split(" ")[0], "only the target was contacted");
    }

    @Test
    void anUnknownJumpHostKeyIsRefusedNamingTheJumpHost() throws Exception {
        Path home = home("home-unknown");
        Run trust = rshell(home, "--accept-new", targetArgs()[0], targetArgs()[1], targetArgs()[2], "true");
        assertEquals(0, trust.exit(), trust.stderr());

        Run r = rshell(home, "-J", at(jump1), targetArgs()[0], targetArgs()[1], targetArgs()[2], "echo", "never");
        assertEquals(255, r.exit(), r.stderr());
        assertEquals("", r.out());
        assertTrue(r.stderr().startsWith("rshell: jump host 127.0.0.1:" + jump1.sshPort() + ": host key for [127.0.0.1]:"
                + jump1.sshPort() + " "), r.stderr());
        assertTrue(r.stderr().contains("--accept-new"), r.stderr());
    }

    @Test
    void dashJWithAnRspTargetIsOneLine() throws Exception {
        Run r = rshell(home("home-rsp"), "-J", at(jump1), "rsp://alice@127.0.0.1:" + target.port(), "true");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals("rshell: -J is for SSH targets: rsp:// connects directly (leave out -J, or name an ssh:// target)\n",
                r.stderr());
    }
}
