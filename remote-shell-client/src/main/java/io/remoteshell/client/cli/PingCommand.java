package io.remoteshell.client.cli;

import io.remoteshell.client.ssh.KnownHostSignatures;
import io.remoteshell.client.udp.Prober;
import io.remoteshell.protocol.Probe;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rshell ping HOST}: is rshelld up there, how far away, and is it the server known_hosts knows. */
@CommandLine.Command(name = "ping", mixinStandardHelpOptions = true,
        description = {"Sends UDP probes to rshelld's RSP port and prints each reply's round-trip time, then the loss, like ping.",
            "Each reply is signed with the server's SSH host key and checked against known_hosts.",
            "Exit status: 0 when a reply came and none was forged, 1 otherwise, 2 for a bad command line."})
final class PingCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST", description = "HOST, HOST:PORT or rsp://[USER@]HOST[:PORT]; PORT is the RSP port (default 9900)")
    String host;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "probes to send (default: ${DEFAULT-VALUE})")
    int count = 4;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", description = "between probes (default: ${DEFAULT-VALUE})")
    double interval = 1;

    @Option(names = {"-W", "--timeout"}, paramLabel = "SECONDS", description = "how long to wait for each reply (default: ${DEFAULT-VALUE})")
    double timeout = 1;

    @Option(names = {"-p", "--port"}, paramLabel = "N", description = "the RSP port, where rshelld answers probes (default: 9900)")
    Integer port;

    @CommandLine.Mixin
    ProbeOptions probe;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The host as typed (without port): the name known_hosts is searched for, as ssh would. */
    private String hostName;

    private record Sent(int seq, long atNanos) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (count < 1 || interval < 0 || timeout <= 0) {
                throw new Failure(Failure.USAGE, "ping needs -c 1 or more, -i 0 or more and -W above 0");
            }
            InetSocketAddress to = destination();
            String name = hostName + ":" + to.getPort();
            Map<String, Sent> sent = new HashMap<>();
            Map<Integer, Integer> answers = new HashMap<>();
            List<Double> rtts = new ArrayList<>();
            int bad = 0;
            out.println("PROBE " + name + " (" + to.getAddress().getHostAddress() + "), " + Probe.CLIENT_REQUEST + "-byte UDP requests");
            out.flush();
            long start = System.nanoTime();
            try (Prober prober = Prober.open()) {
                boolean described = false;
                for (int seq = 1; seq <= count; seq++) {
                    String nonce = Prober.newNonce();
                    long at = System.nanoTime();
                    sent.put(nonce, new Sent(seq, at));
                    prober.send(to, nonce);
                    long deadline = at + seconds(timeout);
                    // Paced like ping: the next probe leaves an interval after this one; the last waits only for its reply.
                    long next = seq == count ? at : at + seconds(interval);
                    boolean answered = false;
                    while (true) {
                        long left = (answered ? next : Math.max(next, deadline)) - System.nanoTime();
                        Optional<Prober.Reply> r = prober.receive(Duration.ofNanos(Math.max(0, left)));
                        if (r.isEmpty()) {
                            break;
                        }
                        Prober.Reply reply = r.get();
                        Sent s = sent.get(reply.reply().nonce());
                        if (s == null) {
                            continue; // not an answer to us (or a guess at a nonce): nothing to report
                        }
                        double ms = (reply.receivedNanos() - s.atNanos()) / 1e6;
                        KnownHostSignatures.Verdict verdict = probe.verdict(reply.reply(), hostName);
                        String what = reply.length() + " bytes from " + name + ": seq=" + s.seq()
                                + String.format(Locale.ROOT, " time=%.2f ms", ms);
                        if (!ProbeOptions.genuineOrUnknown(verdict)) {
                            bad++;
                            out.println(what + " " + probe.describe(verdict, reply.reply(), hostName));
                        } else if (answers.merge(s.seq(), 1, Integer::sum) > 1) {
                            out.println(what + " (DUP!)");
                        } else {
                            if (!described) {
                                out.println(reply.reply().server() + " serves " + ProbeOptions.ports(reply.reply()) + "; host keys "
                                        + ProbeOptions.keys(reply.reply()) + "; " + probe.describe(verdict, reply.reply(), hostName));
                                described = true;
                            }
                            out.println(what + (s.seq() == seq ? "" : " (late)")
                                    + (verdict == KnownHostSignatures.Verdict.VERIFIED ? " verified" : " unverified"));
                            rtts.add(ms);
                            answered |= s.seq() == seq;
                        }
                        out.flush();
                    }
                    if (!answered) {
                        out.println("no reply: seq=" + seq + String.format(Locale.ROOT, " within %.1f s", timeout));
                        out.flush();
                    }
                }
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            int received = rtts.size();
            out.println("--- " + name + " probe statistics ---");
            out.println(count + " probes transmitted, " + received + " received, "
                    + String.format(Locale.ROOT, "%.0f%% loss", 100.0 * (count - Math.min(count, received)) / count)
                    + (bad > 0 ? ", " + bad + " not genuine" : "") + ", time " + took + " ms");
            if (received > 0) {
                double min = rtts.stream().mapToDouble(d -> d).min().orElse(0);
                double max = rtts.stream().mapToDouble(d -> d).max().orElse(0);
                double avg = rtts.stream().mapToDouble(d -> d).average().orElse(0);
                double mdev = Math.sqrt(rtts.stream().mapToDouble(d -> (d - avg) * (d - avg)).average().orElse(0));
                out.println(String.format(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms", min, avg, max, mdev));
            }
            out.flush();
            return received > 0 && bad == 0 ? 0 : Failure.FAILED;
        } catch (Failure f) {
            out.flush();
            return Rshell.fail(f, System.err);
        } catch (IOException e) {
            out.flush();
            return Rshell.fail(new Failure(Failure.FAILED, "cannot send UDP probes to " + host + ": " + Failure.describe(e)), System.err);
        }
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    /** HOST, HOST:PORT, [V6]:PORT or rsp://[USER@]HOST[:PORT], with -p winning. */
    private InetSocketAddress destination() throws Failure {
        String h = host;
        int p = ProbeOptions.DEFAULT_PORT;
        if (h.contains("://")) {
            URI uri = URI.create(h);
            if (uri.getHost() == null) {
                throw new Failure(Failure.USAGE, "cannot read a host in " + host + "; give HOST, HOST:PORT or rsp://HOST:PORT");
            }
            h = uri.getHost().replaceAll("^\\[|\\]$", "");
            if (uri.getPort() > 0 && "rsp".equals(uri.getScheme())) {
                p = uri.getPort();
            }
        } else if (h.startsWith("[") && h.contains("]:")) {
            p = parsePort(h.substring(h.indexOf("]:") + 2));
            h = h.substring(1, h.indexOf("]:"));
        } else if (h.chars().filter(c -> c == ':').count() == 1) {
            p = parsePort(h.substring(h.indexOf(':') + 1));
            h = h.substring(0, h.indexOf(':'));
        }
        if (port != null) {
            p = port;
        }
        if (p < 1 || p > 65535) {
            throw new Failure(Failure.USAGE, "port " + p + " is out of range 1..65535");
        }
        try {
            hostName = h;
            return new InetSocketAddress(InetAddress.getByName(h), p);
        } catch (UnknownHostException e) {
            throw new Failure(Failure.FAILED, "cannot resolve " + h + ": unknown host");
        }
    }

    private int parsePort(String s) throws Failure {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new Failure(Failure.USAGE, "\"" + s + "\" in " + host + " is not a port number");
        }
    }
}
