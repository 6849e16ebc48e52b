package io.remoteshell.client.rsp;

import io.remoteshell.client.ConnectFailedException;
import io.remoteshell.client.Endpoint;
import io.remoteshell.client.ServerPins;
import io.remoteshell.protocol.AuthMac;
import io.remoteshell.protocol.KeyFingerprint;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * rsps://: TLS 1.3 over the connected socket, then the server's key checked against the pins before a byte of RSP/1.
 * The handshake itself accepts any certificate (chains and host names mean nothing here: the pin is the trust); what
 * the client received is then pinned and hashed for the channel binding.
 */
final class TlsTransport implements Transport {

    private static final String PROTOCOL = "TLSv1.3";
    private final KnownServers known;

    TlsTransport(ServerPins pins) {
        this.known = new KnownServers(pins);
    }

    @Override
    public Secured secure(Socket tcp, Endpoint endpoint, Duration timeout) throws IOException {
        SSLSocket tls = (SSLSocket) CONTEXT.getSocketFactory().createSocket(tcp, endpoint.host(), endpoint.port(), true);
        tls.setEnabledProtocols(new String[] {PROTOCOL});
        X509Certificate certificate;
        try {
            tls.startHandshake();
            Certificate[] chain = tls.getSession().getPeerCertificates();
            certificate = (X509Certificate) chain[0];
        } catch (SSLException e) {
            throw new ConnectFailedException("TLS 1.3 handshake with " + endpoint.hostPort() + " failed: " + e.getMessage()
                    + " — is it an rshelld rsps port (9901 by default)?", e);
        }
        byte[] spki = certificate.getPublicKey().getEncoded();
        known.check(endpoint.host(), endpoint.port(), keyType(certificate), KeyFingerprint.of(spki));
        try {
            return new Secured(tls, AuthMac.certificateHash(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new ConnectFailedException(endpoint.hostPort() + " sent a certificate that cannot be encoded", e);
        }
    }

    private static String keyType(X509Certificate certificate) {
        String algorithm = certificate.getPublicKey().getAlgorithm();
        return algorithm.equals("EC") ? "ECDSA" : algorithm;
    }

    private static final SSLContext CONTEXT = acceptingContext();

    private static SSLContext acceptingContext() {
        try {
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(null, new TrustManager[] {new PinLater()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no TLS 1.3", e);
        }
    }

    /** Lets every certificate through the handshake; {@link KnownServers} decides right after it. */
    private static final class PinLater extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
