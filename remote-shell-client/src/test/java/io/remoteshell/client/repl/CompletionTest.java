package io.remoteshell.client.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.keymap.KeyMap;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.InfoCmp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Completion and history with JLine's own reader on an xterm-like test terminal fed from a byte array. */
@Timeout(30)
class CompletionTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicLong now = new AtomicLong();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private RemoteCompleter completer(Map<String, List<String>> listings, AtomicInteger fetches) {
        CompletionCache<String> cache = new CompletionCache<>(key -> {
            fetches.incrementAndGet();
            return listings.getOrDefault(key, List.of());
        }, Duration.ofSeconds(10), Duration.ofSeconds(5), executor, now::get);
        WorkingDirectory cwd = new WorkingDirectory("/srv", "/home/alice");
        return new RemoteCompleter(cache, () -> cwd);
    }

    @Test
    void firstWordCompletesBuiltInsAndRemoteCommandsLaterWordsRemotePaths() {
        AtomicInteger fetches = new AtomicInteger();
        RemoteCompleter c = completer(Map.of(
                RemoteCompleter.COMMANDS, List.of("getent", "gzip", "ls"),
                "/srv", List.of("app/", "apple.txt", ".hidden"),
                "/etc/", List.of("hosts", "hostname", "ssh/")), fetches);
        assertEquals(List.of("get", "getent"), values(c.commands("get")));
        assertEquals(List.of("app/", "apple.txt"), values(c.paths("ap")));
        assertEquals(List.of(".hidden"), values(c.paths(".h")));
        assertEquals(List.of("/etc/hosts", "/etc/hostname"), values(c.paths("/etc/host")));
        Candidate dir = c.paths("/etc/s").get(0);
        assertEquals("/etc/ssh/", dir.value());
        assertEquals(false, dir.complete(), "a directory leaves the cursor after its / to go on");
        c.paths("/etc/h");
        assertEquals(3, fetches.get(), "one fetch per listing while it is fresh");
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        c.paths("/etc/h");
        assertEquals(4, fetches.get(), "a stale listing is fetched again");
    }

    @Test
    void aSlowServerNeverHoldsThePromptLongerThanTheBoundedWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletionCache<String> cache = new CompletionCache<>(key -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of("late");
        }, Duration.ofSeconds(10), Duration.ofMillis(200), executor, System::nanoTime);
        // The listing is held until release: an answer before that is the bounded wait giving up, not the listing.
        assertEquals(List.of(), cache.get("/slow"));
        release.countDown();
        io.remoteshell.client.Deadline.await(Duration.ofSeconds(5), "the late listing", () -> cache.get("/slow").equals(List.of("late")));
    }

    @Test
    void tabCompletesARemotePathInJLinesReader() throws IOException {
        RemoteCompleter c = completer(Map.of("/var/log/", List.of("syslog", "nginx/")), new AtomicInteger());
        String line = readLine("cat /var/log/sys\t\n", c, null);
        assertEquals("cat /var/log/syslog ", line);
    }

    @Test
    void historyIsKeptInTheFileAndUpRecallsTheLastLine(@TempDir Path dir) throws IOException {
        Path history = dir.resolve(".rshell/history");
        Files.createDirectories(history.getParent());
        RemoteCompleter c = completer(Map.of(), new AtomicInteger());
        assertEquals("uname -a", readLine("uname -a\n", c, history));
        // A new reader, as after restarting rshell: Up (as this terminal type sends it) brings the line back from the file.
        String up;
        try (Terminal xterm = new ExternalTerminal("probe", "xterm", InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                StandardCharsets.UTF_8)) {
            up = KeyMap.key(xterm, InfoCmp.Capability.key_up);
        }
        assertEquals("uname -a", readLine(up + "\n", c, history));
        assertTrue(Files.readString(history).contains("uname -a"));
    }

    private static String readLine(String typed, RemoteCompleter completer, Path history) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new ExternalTerminal("test", "xterm", new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                screen, StandardCharsets.UTF_8)) {
            LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).completer(completer).parser(new DefaultParser());
            if (history != null) {
                builder.variable(LineReader.HISTORY_FILE, history);
            }
            LineReader reader = builder.build();
            reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
            String line = reader.readLine("$ ");
            reader.getHistory().save();
            return line;
        }
    }

    private static List<String> values(List<Candidate> candidates) {
        List<String> v = new ArrayList<>();
        candidates.forEach(c -> v.add(c.value()));
        return v;
    }
}
