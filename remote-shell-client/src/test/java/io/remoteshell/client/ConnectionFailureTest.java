package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the caller sees when connecting, authenticating or the connection itself fails. */
@Timeout(60)
class ConnectionFailureTest {

    @TempDir
    Path dir;

    @Test
    void refusedConnectionSaysWhereAndWhatToCheck() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI uri = URI.create("rsp://alice@127.0.0.1:" + port);
        ConnectFailedException e = assertThrows(ConnectFailedException.class,
                () -> RemoteShell.connect(uri, Credentials.token("x")));
        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + port + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("is rshelld running?"), e.getMessage());
    }

    @Test
    void wrongTokenIsAnAuthenticationFailure() throws IOException {
        try (TestServer server = TestServer.start(dir.resolve("state"))) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> RemoteShell.connect(server.uri(), Credentials.token("0".repeat(64))));
            assertTrue(e.getMessage().contains("check the user name and the token"), e.getMessage());
        }
    }

    @Test
    void unknownSchemeNamesTheSupportedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemoteShell.connect(URI.create("ftp://alice@127.0.0.1:21"), Credentials.token("x")));
        assertTrue(e.getMessage().contains("rsp"), e.getMessage());
    }

    @Test
    void aCutConnectionFailsRunningRequestsWithConnectionLost() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("state"));
             CuttableProxy proxy = new CuttableProxy(server.port());
             Session session = RemoteShell.connect(proxy.uri(), Credentials.tokenFile(server.tokenFile()))) {
            RemoteProcess process = session.start(Command.shell("sleep 300"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CompletableFuture<ExecResult> exec = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.exec(Command.shell("echo running; exec sleep 300"), out, OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Deadline.await(Duration.ofSeconds(10), "the streamed command to run", () -> out.size() > 0);
            proxy.cut();

            ExecutionException failure = assertThrows(ExecutionException.class, () -> exec.get(20, TimeUnit.SECONDS));
            IOException cause = assertInstanceOf(UncheckedIOException.class, failure.getCause()).getCause();
            assertInstanceOf(ConnectionLostException.class, cause, cause.toString());
            assertThrows(ConnectionLostException.class, process::waitForResult);
            UncheckedIOException waitFor = assertThrows(UncheckedIOException.class, process::waitFor);
            assertInstanceOf(ConnectionLostException.class, waitFor.getCause());
            assertThrows(ConnectionLostException.class, () -> process.getInputStream().read());
            assertThrows(ConnectionLostException.class, session::ping, "later requests fail the same way");
        }
    }

    @Test
    void serverShutdownEndsRunningCommandsThenTheConnection() throws Exception {
        TestServer server = TestServer.start(dir.resolve("state"));
        try (Session session = server.connect()) {
            RemoteProcess process = session.start(Command.shell("exec sleep 300"));
            server.close();
            ExecResult r = process.waitForResult();
            assertEquals(Optional.of("TERM"), r.signal(), "the server TERMs running commands when it stops");
            Deadline.await(Duration.ofSeconds(10), "the session to notice the server is gone", () -> {
                try {
                    session.ping();
                    return false;
                } catch (ConnectionLostException e) {
                    return true;
                } catch (IOException e) {
                    throw new AssertionError("expected ConnectionLostException, got " + e, e);
                }
            });
        } finally {
            server.close();
        }
    }

    @Test
    void closingTheSessionEndsItsRequests() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("state"))) {
            Session session = server.connect();
            assertTrue(session.ping().compareTo(Duration.ofSeconds(5)) < 0);
            RemoteProcess p = session.start(Command.shell("sleep 300"));
            session.close();
            ConnectionLostException e = assertThrows(ConnectionLostException.class, p::waitForResult);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertEquals(false, p.isAlive());
        }
    }
}
