package io.remoteshell.server;

/**
 * How rsps:// (RSP/1 inside TLS 1.3) is served, and the plain-text policy that goes with it; part of {@link ServerConfig}.
 *
 * @param enabled           serve rsps at all
 * @param port              TCP port on the server's bind address; 0 picks a free one
 * @param allowPlaintextRsp serve plain RSP/1 even when the bind address is not loopback; plain RSP/1 is not
 *                          encrypted, so without this a server listening beyond loopback serves only rsps and SSH
 */
public record RspsConfig(boolean enabled, int port, boolean allowPlaintextRsp) {

    public static final int DEFAULT_PORT = 9901;

    public RspsConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("rsps port " + port + " is out of range: use 0..65535 (0 = any free port)");
        }
    }

    /** Off, port 9901, no plain text beyond loopback. */
    public static RspsConfig defaults() {
        return new RspsConfig(false, DEFAULT_PORT, false);
    }

    public RspsConfig withEnabled(boolean e) {
        return new RspsConfig(e, port, allowPlaintextRsp);
    }

    public RspsConfig withPort(int p) {
        return new RspsConfig(enabled, p, allowPlaintextRsp);
    }

    public RspsConfig withAllowPlaintextRsp(boolean a) {
        return new RspsConfig(enabled, port, a);
    }
}
