package io.remoteshell.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.CuttableProxy;
import io.remoteshell.client.Jvm;
import io.remoteshell.client.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ServerAliveInterval and ServerAliveCountMax as ssh has them: a server that goes silent is given up on. */
@Timeout(120)
class ServerAliveCliTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatStopsAnsweringIsDroppedWithExit255AfterCountMaxKeepalives() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("state"));
             CuttableProxy network = new CuttableProxy(server.sshPort())) {
            Path home = Files.createDirectory(dir.resolve("home"));
            Path key = server.authorizeNewKey(Files.createDirectory(home.resolve(".ssh")));
            List<String> command = new ArrayList<>(Jvm.command(Rshell.class.getName(), "-Duser.home=" + home));
            command.addAll(List.of("-i", key.toString(), "--accept-new", "-o", "ServerAliveInterval=1",
                    "-o", "ServerAliveCountMax=2", "-n", "alice@127.0.0.1", "-p", String.valueOf(network.port()),
                    "echo started; sleep 600"));
            Process rshell = new ProcessBuilder(command).start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(rshell.getErrorStream().readAllBytes(), UTF_8);
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(rshell.getInputStream(), UTF_8));
                assertEquals("started", out.readLine(), "the command runs before the network goes silent");
                network.freeze();
                // The deadline only bounds the test; what is asserted is how the client ended.
                assertTrue(rshell.waitFor(60, TimeUnit.SECONDS), "rshell noticed the silent server");
                assertEquals(255, rshell.exitValue());
                assertTrue(stderr.get().startsWith("rshell: server not responding: no reply to 2 keepalives"), stderr.get());
            } finally {
                rshell.destroyForcibly();
            }
        }
    }
}
