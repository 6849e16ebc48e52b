package io.remoteshell.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a real server whose connections the test can cut, as a network failure
 * would: both ends see the connection drop without any goodbye frames; or freeze, as a server that
 * hangs or a network that silently drops packets would: the connections stay open, nothing gets through.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;

    public CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    URI uri() {
        return URI.create("rsp://" + TestServer.USER + "@127.0.0.1:" + listener.getLocalPort());
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                relay(client, server);
                relay(server, client);
            }
        } catch (IOException e) {
            // The proxy was closed.
        }
    }

    private void relay(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!frozen) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // Cut.
            }
        }, "proxy-relay");
        t.setDaemon(true);
        t.start();
    }

    /** From now on, drops whatever either side sends, keeping every connection open. */
    public void freeze() {
        frozen = true;
    }

    /** Drops every relayed connection at once. */
    void cut() throws IOException {
        for (Socket s : sockets) {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0); // reset, not a polite close
                s.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
