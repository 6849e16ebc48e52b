package io.remoteshell.client.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.Command;
import io.remoteshell.client.ExecResult;
import io.remoteshell.client.Session;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension as test authors use it: sample test classes run through the JUnit launcher (so that a failure the
 * extension reports can be asserted on), sequentially and with JUnit's parallel execution turned on.
 */
@Timeout(180)
class RshelldExtensionTest {

    private static volatile boolean samplesRunning;

    static boolean samplesRunning() {
        return samplesRunning;
    }

    private static TestExecutionSummary run(Class<?> sample, boolean parallel) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        samplesRunning = true;
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample))
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                    .build(), listener);
        } finally {
            samplesRunning = false;
        }
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void oneServerPerClassInjectsSessionsOverBothProtocolsAndTheServer() {
        TestExecutionSummary s = run(PerClass.class, false);
        assertEquals(0, s.getTotalFailureCount(), failures(s));
        assertEquals(3, s.getTestsSucceededCount());
        assertEquals(1, PerClass.PORTS.size(), "one server for the class: " + PerClass.PORTS);
        assertFalse(Files.exists(PerClass.DIRECTORY.get(0)), "the server's directory is gone after the class");
    }

    @Test
    void aCommandLeftRunningFailsTheTestNamingItAndIsKilled() throws Exception {
        TestExecutionSummary s = run(LeavesACommand.class, false);
        try {
            assertEquals(1, s.getTotalFailureCount(), failures(s));
            String message = s.getFailures().get(0).getException().getMessage();
            assertTrue(message.contains("left 1 command(s) running") && message.contains("\"sleep 321\" (pid "), message);
            assertEquals(1, s.getTestsSucceededCount(), "the other test is not blamed");
        } finally {
            LeavesACommand.forgotten.close();
        }
    }

    @Test
    void aSessionOverAFrontEndTurnedOffIsRefusedNamingTheBuilderSetting() {
        TestExecutionSummary s = run(RspsOff.class, false);
        assertEquals(1, s.getTotalFailureCount(), failures(s));
        String message = s.getFailures().get(0).getException().getMessage();
        assertTrue(message.contains("does not serve rsps") && message.contains("rsps(false)"), message);
    }

    @Test
    void parallelTestsShareOneServerOrEachHaveTheirOwn() {
        TestExecutionSummary shared = run(ParallelShared.class, true);
        assertEquals(0, shared.getTotalFailureCount(), failures(shared));
        assertEquals(4, shared.getTestsSucceededCount());

        TestExecutionSummary own = run(ParallelPerTest.class, true);
        assertEquals(0, own.getTotalFailureCount(), failures(own));
        assertEquals(2, ParallelPerTest.DIRECTORIES.size());
        assertNotEquals(ParallelPerTest.DIRECTORIES.get(0), ParallelPerTest.DIRECTORIES.get(1), "a server per test");
        ParallelPerTest.DIRECTORIES.forEach(d -> assertFalse(Files.exists(d), "deleted after its test: " + d));
    }

    @EnabledIf("io.remoteshell.client.junit.RshelldExtensionTest#samplesRunning")
    static class PerClass {
        static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();
        static final List<Path> DIRECTORY = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static RshelldExtension server = RshelldExtension.builder().user("alice").build();

        @Test
        void execOverEveryFrontEnd(@Rsp Session rsp, @Rsps Session tls, @Ssh Session ssh, EmbeddedRshelld embedded) throws IOException {
            PORTS.add(embedded.rspPort());
            DIRECTORY.add(embedded.directory());
            assertEquals("alice\n", embedded.user() + "\n");
            assertEquals("over rsp\n", rsp.exec("echo over rsp").stdoutText());
            assertEquals("over rsps\n", tls.exec("echo over rsps").stdoutText());
            // Pinned to this server's key, on its rsps port: the pin file the session was checked against says so.
            assertEquals("[127.0.0.1]:" + server.rspsPort() + " " + server.rspsFingerprint(),
                    Files.readAllLines(server.rspsKnownHosts()).get(0));
            ExecResult r = ssh.exec(Command.shell("echo out; echo err >&2; exit 3"));
            assertEquals(3, r.exitCode());
            assertEquals("out\n", r.stdoutText());
        }

        @Test
        void filesBothWays(Session session, @TempDir Path local) throws IOException {
            PORTS.add(server.rspPort());
            Path remote = server.writeFile("in.txt", "from the server side\n");
            session.get(remote.toString(), local.resolve("got.txt"));
            assertEquals("from the server side\n", Files.readString(local.resolve("got.txt")));
            Files.writeString(local.resolve("up.txt"), "uploaded");
            session.put(local.resolve("up.txt"), server.file("up.txt").toString());
            server.assertFileExists("up.txt");
            assertEquals("uploaded", server.readFile("up.txt"));
        }

        @Test
        void openSshFromASubprocess(@TempDir Path home) throws Exception {
            PORTS.add(server.rspPort());
            ProcessBuilder pb = new ProcessBuilder(server.sshCommand("echo", "hello", "from", "ssh")).redirectErrorStream(true);
            pb.environment().put("HOME", home.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertEquals("hello from ssh\n", out);
        }
    }

    @EnabledIf("io.remoteshell.client.junit.RshelldExtensionTest#samplesRunning")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class LeavesACommand {
        static Session forgotten;

        @RegisterExtension
        static RshelldExtension server = RshelldExtension.builder().ssh(false).leftoverGrace(java.time.Duration.ofSeconds(1)).build();

        @Test
        void a_forgetsItsCommand() throws IOException {
            forgotten = server.connectRsp();
            forgotten.start(Command.shell("sleep 321"));
        }

        @Test
        void b_waitsForItsCommand(Session session) throws Exception {
            session.start(Command.shell("sleep 0.1")).waitFor();
        }
    }

    @EnabledIf("io.remoteshell.client.junit.RshelldExtensionTest#samplesRunning")
    static class RspsOff {
        @RegisterExtension
        static RshelldExtension server = RshelldExtension.builder().ssh(false).rsps(false).build();

        @Test
        void asksForRsps(@Rsps Session s) {
        }
    }

    @EnabledIf("io.remoteshell.client.junit.RshelldExtensionTest#samplesRunning")
    @Execution(ExecutionMode.CONCURRENT)
    static class ParallelShared {
        static final CyclicBarrier ALL_AT_ONCE = new CyclicBarrier(4);

        @RegisterExtension
        static RshelldExtension server = RshelldExtension.builder().build();

        private static void together(Session session, String name) throws Exception {
            // Only tests that really run at the same time get past this barrier.
            ALL_AT_ONCE.await(60, TimeUnit.SECONDS);
            assertEquals(name + "\n", session.exec("echo " + name).stdoutText());
        }

        @Test
        void one(Session s) throws Exception {
            together(s, "one");
        }

        @Test
        void two(@Ssh Session s) throws Exception {
            together(s, "two");
        }

        @Test
        void three(@Rsps Session s) throws Exception {
            together(s, "three");
        }

        @Test
        void four(@Ssh Session s) throws Exception {
            together(s, "four");
        }
    }

    @EnabledIf("io.remoteshell.client.junit.RshelldExtensionTest#samplesRunning")
    @Execution(ExecutionMode.CONCURRENT)
    static class ParallelPerTest {
        static final List<Path> DIRECTORIES = new CopyOnWriteArrayList<>();
        static final CyclicBarrier BOTH = new CyclicBarrier(2);

        @RegisterExtension
        RshelldExtension server = RshelldExtension.builder().ssh(false).build();

        @Test
        void first(Session s) throws Exception {
            DIRECTORIES.add(server.server().directory());
            BOTH.await(60, TimeUnit.SECONDS);
            assertEquals(0, s.exec("true").exitCode());
        }

        @Test
        void second(Session s) throws Exception {
            DIRECTORIES.add(server.server().directory());
            BOTH.await(60, TimeUnit.SECONDS);
            assertEquals(0, s.exec("true").exitCode());
        }
    }
}
