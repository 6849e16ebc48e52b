package io.remoteshell.client.cli;

import io.remoteshell.client.ssh.SshConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code -J} / {@code ProxyJump} ({@code [USER@]HOST[:PORT][,...]}) the way OpenSSH does: each jump host is
 * looked up in ssh_config under its own name, for its own HostName, User, Port, keys and host key settings; the first
 * one's own ProxyJump is followed in turn (as the ssh that OpenSSH starts for it would), the later ones are reached
 * through the one before them. As with ssh, -i and -o are the target's; --accept-new counts for every hop.
 */
final class JumpHosts {

    /** As MINA SSHD's limit: more is a ProxyJump loop or a mistake. */
    static final int MAX = 10;

    private JumpHosts() {
    }

    /**
     * @param spec {@code -J}'s value or the target's ProxyJump
     * @return the jump hosts in the order they are visited
     * @throws Failure a usage failure for a jump host that cannot be read, or a loop
     */
    static List<SshConfig.Resolved> resolve(String spec, LoginOptions options, Path home) throws Failure {
        List<SshConfig.Resolved> hops = new ArrayList<>();
        chain(spec, options, home, hops, 0);
        return hops;
    }

    private static void chain(String spec, LoginOptions options, Path home, List<SshConfig.Resolved> hops, int depth)
            throws Failure {
        String[] names = spec.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            URI uri = parse(names[i].strip(), spec);
            SshConfig.Resolved hop;
            try {
                hop = SshConfig.resolve(uri.getHost().replaceAll("^\\[|\\]$", ""), uri.getUserInfo(),
                        uri.getPort() == -1 ? null : uri.getPort(),
                        options.acceptNew ? List.of("StrictHostKeyChecking=accept-new") : List.of(),
                        options.configFile, home, System.getProperty("user.name"));
            } catch (IllegalArgumentException e) {
                throw new Failure(Failure.USAGE, e.getMessage());
            } catch (IOException e) {
                throw new Failure(Failure.CONNECTION, Failure.describe(e));
            }
            if (i == 0 && hop.proxyJump() != null) {
                if (depth >= MAX) {
                    throw new Failure(Failure.USAGE, "ProxyJump " + spec + ": the jump hosts' own ProxyJump settings go on"
                            + " for more than " + MAX + " hops; check ssh_config for a loop");
                }
                chain(hop.proxyJump(), options, home, hops, depth + 1);
            }
            hops.add(hop);
            if (hops.size() > MAX) {
                throw new Failure(Failure.USAGE, "ProxyJump " + spec + ": more than " + MAX + " jump hosts");
            }
        }
    }

    private static URI parse(String name, String spec) throws Failure {
        try {
            if (name.isEmpty()) {
                throw new URISyntaxException(spec, "an empty jump host; write -J [USER@]HOST[:PORT][,...]");
            }
            URI uri = Targets.parse(name, null, null);
            if (!uri.getScheme().equalsIgnoreCase("ssh")) {
                throw new URISyntaxException(name, "a jump host is an SSH server; write [USER@]HOST[:PORT] or"
                        + " ssh://USER@HOST:PORT");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new Failure(Failure.USAGE, "bad jump host " + name + " in " + spec + ": " + e.getReason());
        }
    }
}
