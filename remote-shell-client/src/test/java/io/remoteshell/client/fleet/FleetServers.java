package io.remoteshell.client.fleet;

import io.remoteshell.client.Credentials;
import io.remoteshell.client.HostKeys;
import io.remoteshell.client.RemoteShell;
import io.remoteshell.client.SecretPrompt;
import io.remoteshell.client.ServerPins;
import io.remoteshell.server.EmbeddedRshelld;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real rshelld servers on loopback for fleet tests ({@link EmbeddedRshelld}), each with its own state directory and
 * serving RSP/1, rsps and SSH to alice (the first server's generated key authorized on all), plus a port where nothing
 * listens and a "black hole" that accepts connections and never says a word, as a hung host does.
 */
public final class FleetServers implements AutoCloseable {

    public static final String USER = "alice";

    public final List<EmbeddedRshelld> servers = new ArrayList<>();
    public final Path key;
    public final Path knownHosts;
    public final Path pins;
    public final int downPort;
    private final ServerSocket blackHole;
    private final List<Socket> swallowed = new ArrayList<>();

    public FleetServers(Path dir, int count) throws IOException {
        knownHosts = dir.resolve("known_hosts");
        pins = dir.resolve("rshell_known_hosts");
        EmbeddedRshelld first = EmbeddedRshelld.builder().user(USER).start();
        servers.add(first);
        key = first.privateKey();
        for (int i = 1; i < count; i++) {
            servers.add(EmbeddedRshelld.builder().user(USER).authorizedKey(USER, first.publicKey()).start());
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = probe.getLocalPort();
        }
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::swallow, "black-hole");
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
        EmbeddedRshelld s = servers.get(i);
        return timeout -> RemoteShell.connect(s.rspUri(), Credentials.tokenFile(s.tokenFile()), timeout);
    }

    public Fleet.Connector rsps(int i) {
        EmbeddedRshelld s = servers.get(i);
        return timeout -> RemoteShell.connect(s.rspsUri(), Credentials.tokenFile(s.tokenFile()), ServerPins.acceptNew(pins), timeout);
    }

    public Fleet.Connector ssh(int i) {
        EmbeddedRshelld s = servers.get(i);
        return timeout -> RemoteShell.connect(s.sshUri(), Credentials.sshKeys(List.of(key), SecretPrompt.NONE),
                HostKeys.acceptNew(knownHosts), timeout);
    }

    /** Every server's commands still running that were started after {@code marks} (from {@link #marks()}). */
    public List<String> leftovers(long[] marks) {
        List<String> left = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            left.addAll(servers.get(i).commandsStillRunning(marks[i]));
        }
        return left;
    }

    /** Each server's count of commands started so far. */
    public long[] marks() {
        return servers.stream().mapToLong(EmbeddedRshelld::commandsStarted).toArray();
    }

    @Override
    public void close() throws IOException {
        servers.forEach(EmbeddedRshelld::close);
        blackHole.close();
        synchronized (swallowed) {
            for (Socket s : swallowed) {
                s.close();
            }
        }
    }
}
