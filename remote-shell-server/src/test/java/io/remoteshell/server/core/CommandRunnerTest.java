package io.remoteshell.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.server.Await;
import io.remoteshell.server.ProcessTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The runner on its own, with real processes: what a command starts with, and many of them ended at once. */
@Timeout(120)
class CommandRunnerTest {

    @TempDir
    Path home;
    CommandRunner runner;

    @BeforeEach
    void start() {
        runner = new CommandRunner(new PathResolver(home));
    }

    @AfterEach
    void stop() {
        runner.shutdown(Duration.ofSeconds(2));
    }

    @Test
    void aCommandLeadsItsOwnSessionWithDefaultSignalsAndOnlyItsOwnDescriptors() throws Exception {
        Collected c = new Collected();
        // Nothing blocked or ignored, whatever the server's own signal mask and dispositions are.
        RunningCommand cmd = runner.start(new CommandSpec(
                "cat /proc/self/stat; grep -E '^Sig(Ign|Blk):' /proc/self/status; ls /proc/self/fd", null, Map.of(),
                null, null, false), c);
        ExitStatus status = cmd.completion().get(30, TimeUnit.SECONDS);
        assertEquals(0, status.code(), c.err());
        String[] lines = c.out().split("\n");
        String[] stat = lines[0].substring(lines[0].lastIndexOf(')') + 2).split(" ");
        // cat is the shell's child: its group and session are the command's pid, its parent's parent the server.
        assertEquals(Long.toString(cmd.pid()), stat[2], "process group");
        assertEquals(Long.toString(cmd.pid()), stat[3], "session");
        assertEquals("SigBlk:\t0000000000000000", lines[1]);
        assertEquals("SigIgn:\t0000000000000000", lines[2]);
        // ls's own 0, 1, 2 and the directory it reads: nothing of the server's leaks into a command.
        List<String> fds = List.of(lines).subList(3, lines.length);
        assertEquals(List.of("0", "1", "2", "3"), fds, c.out());
    }

    @Test
    void aCommandLargerThanTheSpawnBufferStartsWithItsDescriptorsDirectoryAndEnvironment() throws Exception {
        // 64 KiB of command and 100 KiB of environment: more than a spawn buffer holds at first, so it grows, and
        // the file actions (dup2 onto 0, 1, 2; chdir) must be the ones posix_spawn reads.
        Path dir = java.nio.file.Files.createDirectory(home.resolve("a dir"));
        String script = "ls /proc/self/fd; pwd; printf %s \"$BIG\" | wc -c # " + "x".repeat(64 << 10);
        for (int round = 0; round < 3; round++) {
            Collected c = new Collected();
            RunningCommand cmd = runner.start(new CommandSpec(script, null, Map.of("BIG", "y".repeat(100 << 10)),
                    dir.toString(), null, false), c);
            ExitStatus status = cmd.completion().get(30, TimeUnit.SECONDS);
            assertEquals(0, status.code(), c.err());
            assertEquals("0\n1\n2\n3\n" + dir.toRealPath() + "\n" + (100 << 10) + "\n", c.out());
        }
    }

    @Test
    void fiveHundredRunningCommandsKilledAtOnceAreAllGone() throws Exception {
        List<RunningCommand> commands = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            commands.add(runner.start(new CommandSpec(null, List.of("sleep", "300"), Map.of(), null, null, false),
                    new Collected()));
        }
        for (RunningCommand c : commands) {
            c.kill();
        }
        CompletableFuture.allOf(commands.stream().map(RunningCommand::completion).toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        for (RunningCommand c : commands) {
            assertEquals("KILL", c.completion().get().signal());
        }
        Await.until(Duration.ofSeconds(30), () -> commands.stream().allMatch(c -> ProcessTable.liveInSession(c.pid()) == 0),
                "no process left of the 500 sessions");
    }

    @Test
    void aMissingProgramIsExecFailedAndAShellReports127() throws Exception {
        RequestException e = org.junit.jupiter.api.Assertions.assertThrows(RequestException.class, () -> runner.start(
                new CommandSpec(null, List.of("no-such-program-xyz"), Map.of(), null, null, false), new Collected()));
        assertEquals("EXEC_FAILED", e.refusal().name());
        Collected c = new Collected();
        RunningCommand cmd = runner.start(new CommandSpec("no-such-program-xyz", null, Map.of(), null, null, false), c);
        assertEquals(127, cmd.completion().get(30, TimeUnit.SECONDS).code());
        assertTrue(c.err().contains("no-such-program-xyz"), c.err());
    }

    /** Collects a command's output as a connection would. */
    static final class Collected implements CommandListener {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        @Override
        public void started(RunningCommand command) {
        }

        @Override
        public synchronized void output(OutputKind kind, byte[] buf, int off, int len) {
            (kind == OutputKind.STDOUT ? out : err).write(buf, off, len);
        }

        @Override
        public void exited(ExitStatus status) {
        }

        synchronized String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        synchronized String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }
}
