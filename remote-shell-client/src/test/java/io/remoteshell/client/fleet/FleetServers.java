package io.remoteshell.client.fleet;

import io.remoteshell.client.Credentials;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.SecretPrompt;
import io.remoteshell.client.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real rshelld servers on loopback for fleet tests, each with its own state directory and serving both RSP/1 and SSH
 * (alice's key authorized on all), plus a port where nothing listens and a "black hole" that accepts connections and
 * never says a word, as a hung host does.
 */
public final class FleetServers implements AutoCloseable {

    public final List<TestServer> servers = new ArrayList<>();
    public final Path key;
    public final Path knownHosts;
    private final ServerSocket blackHole;
    private final List<Socket> swallowed = new ArrayList<>();
    private final Thread acceptor;
    public final int downPort;

    public FleetServers(Path dir, int count) throws IOException {
        Files.createDirectories(dir.resolve("keys"));
        key = TestServer.newKeyFile(dir.resolve("keys"));
        knownHosts = dir.resolve("known_hosts");
        for (int i = 0; i < count; i++) {
            TestServer s = TestServer.start(dir.resolve("state" + i));
            s.authorize(dir.resolve("keys").resolve("id_ed25519.pub"));
            servers.add(s);
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = probe.getLocalPort();
        }
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::swallow, "black-hole");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void swallow() {
        while (!blackHole.isClosed()) {
            try {
                Socket s = blackHole.accept();
                synchronized (swallowed) {
                    swallowed.add(s);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    public int blackHolePort() {
        return blackHole.getLocalPort();
    }

    public Fleet.Connector rsp(int i) {
        TestServer s = servers.get(i);
        return timeout -> RemoteShell.connect(s.uri(), Credentials.tokenFile(s.tokenFile()), timeout);
    }

    public Fleet.Connector ssh(int i) {
        TestServer s = servers.get(i);
        return timeout -> RemoteShell.connect(s.sshUri(), Credentials.sshKeys(List.of(key), SecretPrompt.NONE),
                HostKeys.acceptNew(knownHosts), timeout);
    }

    @Override
    public void close() throws IOException {
        servers.forEach(TestServer::close);
        blackHole.close();
        synchronized (swallowed) {
            for (Socket s : swallowed) {
                s.close();
            }
        }
    }
}
