package io.remoteshell.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that waits for a port and then reads the token or the host key must find them: on the first start
 * of an empty state directory, both exist before either port accepts a connection.
 */
@Timeout(60)
class ReadyBeforeListeningTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void tokenAndHostKeyExistBeforeAnyPortAccepts(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        int rsp = freePort();
        int ssh = freePort();
        String user = System.getProperty("user.name");
        Path token = state.resolve("users").resolve(user).resolve("token");
        Path hostKey = state.resolve("ssh_host_ed25519_key");
        CompletableFuture<RshellServer> started = CompletableFuture.supplyAsync(() -> {
            try {
                return RshellServer.start(ServerConfig.defaults().withStateDir(state).withRspPort(rsp).withSshPort(ssh));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try {
            // Spin on both ports as a start-up script would; the moment one accepts, everything must be there.
            while (!started.isDone() || !accepts(rsp)) {
                if (accepts(rsp) || accepts(ssh)) {
                    assertTrue(Files.size(token) > 0, "the token is written before a port accepts");
                    assertTrue(Files.size(hostKey) > 0, "the host key is written before a port accepts");
                    break;
                }
            }
        } finally {
            started.get(30, TimeUnit.SECONDS).close();
        }
    }
}
