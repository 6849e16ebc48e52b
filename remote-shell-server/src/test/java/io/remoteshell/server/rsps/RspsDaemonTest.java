package io.remoteshell.server.rsps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.server.Daemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real rshelld command line bound to the unspecified address 0.0.0.0 (every interface, so not loopback), probed
 * only through 127.0.0.1: it serves no plain RSP/1 there and says why in one line, and its rsps port, looked at with
 * Debian's {@code openssl s_client}, speaks TLS 1.3 with TLS 1.3 cipher suites and nothing else.
 */
class RspsDaemonTest {

    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    private static final List<String> OTHER_TLS13_SUITES = List.of("TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    @TempDir
    static Path state;
    static Daemon daemon;
    static int port;
    static List<String> log;

    @BeforeAll
    static void start() throws IOException {
        daemon = Daemon.start(List.of(), "--bind", "0.0.0.0", "--no-ssh", "--rsp-port", "0", "--rsps-port", "0",
                "--state-dir", state.toString());
        port = daemon.rspsPort;
        log = daemon.lines();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void saysInOneLineWhyPlainRspIsNotServed() {
        List<String> why = log.stream().filter(l -> l.contains("not serving plain RSP/1 on 0.0.0.0")).toList();
        assertEquals(1, why.size(), String.join("\n", log));
        assertTrue(why.get(0).contains("not encrypted") && why.get(0).contains("--allow-plaintext-rsp"), why.get(0));
        assertFalse(log.stream().anyMatch(l -> l.contains("RSP/1 listening")), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.matches(".*rsps \\(RSP/1 in TLS 1\\.3\\) listening on 0\\.0\\.0\\.0:" + port + "\\b.*")), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.matches(".*rsps key .*rsps_key\\.pem: SHA256:\\S{43}")), String.join("\n", log));
    }

    @Test
    void opensslSeesTls13AndItsCipherSuitesOnly() throws Exception {
        requireOpenssl();
        String tls13 = sClient("-tls1_3");
        assertTrue(tls13.contains("TLSv1.3"), tls13);
        assertTrue(tls13.contains("BEGIN CERTIFICATE"), tls13);
        for (String version : List.of("-tls1_2", "-tls1_1", "-tls1")) {
            String refused = sClient(version);
            assertFalse(refused.contains("BEGIN CERTIFICATE"), version + " got a certificate: " + refused);
        }
        for (String suite : TLS13_SUITES) {
            String out = sClient("-tls1_3", "-ciphersuites", suite);
            assertTrue(out.contains("Cipher is " + suite) || out.contains("Cipher    : " + suite), suite + ": " + out);
        }
        for (String suite : OTHER_TLS13_SUITES) {
            String out = sClient("-tls1_3", "-ciphersuites", suite);
            assertFalse(out.contains("BEGIN CERTIFICATE"), suite + " was accepted: " + out);
        }
    }

    /** {@code openssl s_client} against 127.0.0.1:port; its stdout and stderr together. */
    private static String sClient(String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close(); // end of input: s_client closes the connection after the handshake
        byte[] out = readAll(p.getInputStream());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl s_client did not finish");
        return new String(out, StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    /** Installs Debian's openssl when it is missing, or fails naming the command. */
    private static synchronized void requireOpenssl() throws Exception {
        if (onPath("openssl")) {
            return;
        }
        for (List<String> step : List.of(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "openssl"))) {
            Process p = new ProcessBuilder(step).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, TimeUnit.MINUTES);
        }
        assertTrue(onPath("openssl"), "this test needs the openssl command: apt-get install openssl");
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

}
