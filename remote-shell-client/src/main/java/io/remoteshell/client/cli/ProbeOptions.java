package io.remoteshell.client.cli;

import io.remoteshell.client.HostKeys;
import io.remoteshell.client.ssh.KnownHostSignatures;
import io.remoteshell.client.udp.Prober;
import io.remoteshell.protocol.Probe;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** What {@code rshell ping} and {@code rshell discover} share: where host keys are, and how a reply is shown. */
final class ProbeOptions {

    static final int DEFAULT_PORT = 9900;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            // Lines that fit the description column: picocli would break the path at its dot.
            description = {"where SSH host keys are recorded, replies checked", "against them (default: ~/.ssh/known_hosts)"})
    Path knownHosts;

    Path knownHosts() {
        return knownHosts != null ? knownHosts : HostKeys.userKnownHosts();
    }

    KnownHostSignatures.Verdict verdict(Probe.Reply reply, String host) {
        return Prober.verdict(reply, host, knownHosts());
    }

    /** "rsp 9900, ssh 2222": the front ends the server says it runs. */
    static String ports(Probe.Reply reply) {
        return reply.ports().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** "ssh SHA256:…, rsps SHA256:…". */
    static String keys(Probe.Reply reply) {
        return reply.hostKeys().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The verdict in words, naming the known_hosts entry it was checked against. */
    String describe(KnownHostSignatures.Verdict verdict, Probe.Reply reply, String host) {
        int port = reply.ports().getOrDefault("ssh", 22);
        String entry = port == 22 ? host : "[" + host + "]:" + port;
        return switch (verdict) {
            case VERIFIED -> "signature verified with the key known_hosts has for " + entry;
            case UNKNOWN_HOST -> "signature not checked: " + knownHosts() + " has no key for " + entry;
            case KEY_MISMATCH -> "NOT GENUINE: it names another host key than the one " + knownHosts() + " has for " + entry;
            case BAD_SIGNATURE -> "FORGED: its signature does not verify with the key " + knownHosts() + " has for " + entry;
        };
    }

    static boolean genuineOrUnknown(KnownHostSignatures.Verdict verdict) {
        return verdict == KnownHostSignatures.Verdict.VERIFIED || verdict == KnownHostSignatures.Verdict.UNKNOWN_HOST;
    }
}
