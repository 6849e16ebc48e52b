package io.remoteshell.client;

import io.remoteshell.server.RshellServer;
import io.remoteshell.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A real rshelld on an ephemeral loopback port with its state in a temporary directory, and a user "alice". */
public final class TestServer implements AutoCloseable {

    public static final String USER = "alice";

    private final RshellServer server;
    private final Path tokenFile;

    private TestServer(RshellServer server, Path tokenFile) {
        this.server = server;
        this.tokenFile = tokenFile;
    }

    public static TestServer start(Path stateDir) throws IOException {
        RshellServer server = RshellServer.start(ServerConfig.defaults()
                .withRspPort(0).withSshEnabled(false)
                .withStateDir(stateDir)
                .withShutdownGrace(Duration.ofSeconds(1))
                .withAuthFailureDelay(Duration.ofMillis(50)));
        return new TestServer(server, server.users().add(USER));
    }

    public int port() {
        return server.rspPort();
    }

    public URI uri() {
        return URI.create("rsp://" + USER + "@127.0.0.1:" + port());
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public Session connect() throws IOException {
        return RemoteShell.connect(uri(), Credentials.tokenFile(tokenFile));
    }

    @Override
    public void close() {
        server.close();
    }
}
