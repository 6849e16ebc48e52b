package io.remoteshell.server.rsps;

import io.remoteshell.server.ServerConfig;
import io.remoteshell.server.core.ServerCore;
import io.remoteshell.server.rsp.RspListener;
import io.remoteshell.server.rsp.RspTransport;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * rsps://: RSP/1 inside TLS 1.3, served by the same connection handling as plain RSP/1 ({@link RspListener}) over a
 * JSSE server socket that speaks TLS 1.3 and its cipher suites only, with the key and certificate of
 * {@link TlsIdentity}. Nothing of RSP/1 is sent before the handshake: HELLO is the first write and runs it.
 */
public final class RspsFrontEnd implements AutoCloseable {

    static final String PROTOCOL = "TLSv1.3";

    private final RspListener listener;
    private final TlsIdentity identity;

    private RspsFrontEnd(RspListener listener, TlsIdentity identity) {
        this.listener = listener;
        this.identity = identity;
    }

    /** Loads (or on first start makes) the identity, binds {@code config.bindAddress():config.rsps().port()} and serves. */
    public static RspsFrontEnd start(ServerCore core, ServerConfig config, String serverName) throws IOException {
        TlsIdentity identity = TlsIdentity.loadOrCreate(config.stateDir());
        SSLContext context = context(identity);
        RspTransport transport = new RspTransport("rsps", config.rsps().port(), () -> serverSocket(context),
                identity.certificateHash());
        return new RspsFrontEnd(RspListener.start(core, config, serverName, transport), identity);
    }

    /** The fingerprint of the identity in {@code stateDir}, made there first if there is none yet. */
    public static String fingerprint(Path stateDir) throws IOException {
        return TlsIdentity.loadOrCreate(stateDir).fingerprint();
    }

    /** Where the key of the identity in {@code stateDir} is kept. */
    public static Path keyFile(Path stateDir) {
        return stateDir.resolve(TlsIdentity.KEY_FILE);
    }

    private static SSLContext context(TlsIdentity identity) throws IOException {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("rsps", identity.privateKey(), password, new Certificate[] {identity.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS 1.3 for rsps (" + e.getMessage() + "); this needs a JDK with TLS 1.3", e);
        }
    }

    private static ServerSocket serverSocket(SSLContext context) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        parameters.setCipherSuites(tls13Suites(socket.getSupportedCipherSuites()));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** TLS 1.3's suites are the ones without a key exchange in their name: TLS_AES_128_GCM_SHA256 and the like. */
    static String[] tls13Suites(String[] supported) {
        return Arrays.stream(supported).filter(s -> s.startsWith("TLS_") && !s.contains("_WITH_")
                && !s.startsWith("TLS_EMPTY_")).toArray(String[]::new);
    }

    public int port() {
        return listener.port();
    }

    public String address() {
        return listener.address();
    }

    /** {@code SHA256:...}: what clients pin. */
    public String fingerprint() {
        return identity.fingerprint();
    }

    public Path keyFile() {
        return identity.keyFile();
    }

    public void stopAccepting() {
        listener.stopAccepting();
    }

    @Override
    public void close() {
        listener.close();
    }
}
