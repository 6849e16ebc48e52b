package io.remoteshell.server.udp;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a probe reply says about this server: its name and version, the port of every front end it runs and
 * the fingerprint of every identity a client can pin ({@code ssh}, {@code rsps}), and how to sign that.
 * The daemon builds it from the front ends that actually started, so a reply never names one that is off.
 *
 * @param signer the SSH host key: returns the SSH signature blob of the bytes it is given
 */
public record ProbeIdentity(String server, Map<String, Integer> ports, Map<String, String> hostKeys, UnaryOperator<byte[]> signer) {

    public ProbeIdentity {
        ports = Map.copyOf(new TreeMap<>(ports));
        hostKeys = Map.copyOf(new TreeMap<>(hostKeys));
    }
}
