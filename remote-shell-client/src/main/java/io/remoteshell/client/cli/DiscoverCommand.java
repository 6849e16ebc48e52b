package io.remoteshell.client.cli;

import io.remoteshell.client.ssh.KnownHostSignatures;
import io.remoteshell.client.udp.Prober;
import io.remoteshell.protocol.Probe;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rshell discover}: which rshelld servers answer probes, and what they say they are. */
@CommandLine.Command(name = "discover", mixinStandardHelpOptions = true,
        description = {"Sends one UDP probe to every HOST and broadcast address at every --port, and lists the rshelld servers",
            "that answer within --timeout: address, ports, host key fingerprints, and whether the reply's signature verifies",
            "with the SSH host key known_hosts has for it. With neither HOST nor --broadcast: --broadcast 255.255.255.255.",
            "--inventory writes the servers found (not those whose reply is forged) as an Ansible INI inventory that",
            "rshell --hosts and ansible -i read.",
            "Exit status: 0 when a server answered genuinely (or unchecked), 1 when none did, 2 for a bad command line."})
final class DiscoverCommand implements Callable<Integer> {

    @Parameters(paramLabel = "HOST", arity = "0..*", description = "hosts to probe (names or addresses)")
    List<String> hosts = new ArrayList<>();

    @Option(names = {"-b", "--broadcast"}, paramLabel = "ADDR", description = "a broadcast address to probe (repeatable)")
    List<String> broadcasts = new ArrayList<>();

    @Option(names = {"-p", "--port"}, paramLabel = "N", split = ",",
            description = "RSP ports to probe (repeatable or comma-separated; default: 9900)")
    List<Integer> ports = new ArrayList<>();

    @Option(names = {"-W", "--timeout"}, paramLabel = "SECONDS", description = "how long to collect replies (default: ${DEFAULT-VALUE})")
    double timeout = 2;

    @Option(names = "--inventory", paramLabel = "FILE", description = "write the servers found to FILE as an Ansible INI inventory")
    Path inventory;

    @Option(names = "--group", paramLabel = "NAME", description = "the inventory group of the servers found (default: ${DEFAULT-VALUE})")
    String group = "rshelld";

    @CommandLine.Mixin
    ProbeOptions probe;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One server that answered, keyed by the address and RSP port it answered from. */
    record Found(InetSocketAddress from, Probe.Reply reply, KnownHostSignatures.Verdict verdict, double ms) {
        String address() {
            return from.getAddress().getHostAddress();
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (timeout <= 0 || !group.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new Failure(Failure.USAGE, "discover needs --timeout above 0 and a --group of letters, digits and _");
            }
            List<Integer> probePorts = ports.isEmpty() ? List.of(ProbeOptions.DEFAULT_PORT) : ports;
            for (int p : probePorts) {
                if (p < 1 || p > 65535) {
                    throw new Failure(Failure.USAGE, "port " + p + " is out of range 1..65535");
                }
            }
            List<InetAddress> targets = new ArrayList<>();
            for (String h : hosts) {
                targets.add(resolve(h));
            }
            for (String b : broadcasts.isEmpty() && hosts.isEmpty() ? List.of("255.255.255.255") : broadcasts) {
                targets.add(resolve(b));
            }
            Map<String, Long> sent = new LinkedHashMap<>();
            Map<String, Found> found = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            try (Prober prober = Prober.open()) {
                for (InetAddress target : targets) {
                    for (int p : probePorts) {
                        String nonce = Prober.newNonce();
                        sent.put(nonce, System.nanoTime());
                        prober.send(new InetSocketAddress(target, p), nonce);
                    }
                }
                long deadline = System.nanoTime() + (long) (timeout * 1e9);
                List<Prober.Reply> replies = new ArrayList<>();
                for (Optional<Prober.Reply> r; (r = prober.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))).isPresent(); ) {
                    replies.add(r.get());
                }
                // Checked once the window is over: reading known_hosts must not eat into the time servers have to answer.
                for (Prober.Reply reply : replies) {
                    Long at = sent.get(reply.reply().nonce());
                    String key = reply.from().getAddress().getHostAddress() + " " + reply.from().getPort();
                    if (at == null || !seen.add(key)) {
                        continue; // unsolicited, or the same server again (a host and a broadcast both reached it)
                    }
                    String address = reply.from().getAddress().getHostAddress();
                    found.put(key, new Found(reply.from(), reply.reply(), probe.verdict(reply.reply(), address),
                            (reply.receivedNanos() - at) / 1e6));
                }
            }
            List<Found> servers = new ArrayList<>(found.values());
            servers.sort(Comparator.comparing((Found f) -> f.from().getAddress().getHostAddress()).thenComparingInt(f -> f.from().getPort()));
            print(out, servers, sent.size());
            List<Found> genuine = servers.stream().filter(f -> ProbeOptions.genuineOrUnknown(f.verdict())).toList();
            if (inventory != null) {
                writeInventory(genuine);
                out.println("wrote " + genuine.size() + " host" + (genuine.size() == 1 ? "" : "s") + " to " + inventory
                        + (genuine.size() < servers.size() ? " (left out " + (servers.size() - genuine.size()) + " not genuine)" : ""));
            }
            out.flush();
            return genuine.isEmpty() ? Failure.FAILED : 0;
        } catch (Failure f) {
            out.flush();
            return Rshell.fail(f, System.err);
        } catch (IOException e) {
            out.flush();
            return Rshell.fail(new Failure(Failure.FAILED, "discover: " + Failure.describe(e)), System.err);
        }
    }

    private void print(PrintWriter out, List<Found> servers, int probes) {
        for (Found f : servers) {
            out.println(f.address() + ":" + f.from().getPort() + "  " + f.reply().server() + "  " + ProbeOptions.ports(f.reply())
                    + String.format(Locale.ROOT, "  (%.2f ms)", f.ms()));
            out.println("    host keys: " + ProbeOptions.keys(f.reply()));
            out.println("    " + probe.describe(f.verdict(), f.reply(), f.address()));
        }
        out.println(servers.size() + " server" + (servers.size() == 1 ? "" : "s") + " answered " + probes + " probe"
                + (probes == 1 ? "" : "s") + String.format(Locale.ROOT, " within %.1f s", timeout));
    }

    /**
     * Ansible's INI form: one line per server, named by its address (and RSP port when one address has several),
     * with ansible_port set to its SSH port and rshell_rsp_port / rshell_rsps_port to the others.
     */
    private void writeInventory(List<Found> servers) throws IOException {
        Map<String, Long> perAddress = new LinkedHashMap<>();
        servers.forEach(f -> perAddress.merge(f.address(), 1L, Long::sum));
        StringBuilder ini = new StringBuilder("# written by rshell discover at " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n");
        ini.append('[').append(group).append("]\n");
        for (Found f : servers) {
            String name = perAddress.get(f.address()) > 1 ? f.address().replace(':', '_') + "_" + f.from().getPort() : f.address();
            ini.append("# ").append(f.reply().server()).append("; ").append(ProbeOptions.keys(f.reply())).append("; ")
                    .append(f.verdict() == KnownHostSignatures.Verdict.VERIFIED ? "verified with known_hosts" : "not in known_hosts")
                    .append('\n');
            ini.append(name).append(" ansible_host=").append(f.address());
            Integer ssh = f.reply().ports().get("ssh");
            if (ssh != null) {
                ini.append(" ansible_port=").append(ssh);
            } else {
                ini.append(" rshell_scheme=").append(f.reply().ports().containsKey("rsps") ? "rsps" : "rsp");
            }
            f.reply().ports().forEach((frontEnd, port) -> {
                if (!frontEnd.equals("ssh")) {
                    ini.append(" rshell_").append(frontEnd).append("_port=").append(port);
                }
            });
            ini.append('\n');
        }
        Path target = inventory.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, ini, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static InetAddress resolve(String host) throws Failure {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Failure(Failure.FAILED, "cannot resolve " + host + ": unknown host");
        }
    }
}
