package io.remoteshell.client.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

/**
 * What ssh would use to reach a host (for the rshell command, and for a program that wants ssh's view of a host): {@code -o} options first, then the ssh_config file ({@code -F FILE}, else
 * {@code ~/.ssh/config}), the first value found winning, as in OpenSSH. Read with MINA SSHD's own ssh_config support
 * ({@link HostConfigEntry}): Host patterns with {@code *}, {@code ?} and {@code !}, and the keys in {@link #SUPPORTED}.
 * Other keys of a config file are ignored (a config written for OpenSSH has many); an unsupported {@code -o} is an error.
 */
public final class SshConfig {

    /** The ssh_config keywords rshell acts on, in their canonical spelling. */
    public static final List<String> SUPPORTED = List.of("HostName", "Port", "User", "IdentityFile", "IdentitiesOnly",
            "StrictHostKeyChecking", "UserKnownHostsFile", "BatchMode", "ProxyJump", "ServerAliveInterval",
            "ServerAliveCountMax");

    /**
     * The settings for one connection. {@code proxyJump} is null for none (no ProxyJump, or ProxyJump none);
     * {@code serverAliveInterval} is 0 when not set.
     */
    public record Resolved(String hostName, int port, String user, List<Path> identityFiles, boolean identitiesOnly,
                    String strictHostKeyChecking, Path knownHosts, boolean batchMode, String proxyJump,
                    int serverAliveInterval, int serverAliveCountMax, String source) {
    }

    private SshConfig() {
    }

    /**
     * @param host the host as typed (an alias is looked up as itself, as ssh does)
     * @param user the user TARGET or -l named, or null
     * @param port the port TARGET or -p named, or null
     * @param options {@code -o} options, in command-line order
     * @param configFile {@code -F}'s file, or null for {@code ~/.ssh/config} when it exists; "none" for no file
     * @throws IllegalArgumentException for an unsupported -o option or a configuration MINA cannot read
     * @throws IOException when {@code configFile} cannot be read
     */
    public static Resolved resolve(String host, String user, Integer port, List<String> options, Path configFile, Path home,
                            String localUser) throws IOException {
        List<HostConfigEntry> entries = new ArrayList<>();
        if (!options.isEmpty()) {
            entries.addAll(parse(commandLineBlock(options), "-o"));
        }
        String source = "no ssh_config";
        Path file = configFile != null ? configFile : home.resolve(".ssh").resolve("config");
        boolean none = configFile != null && configFile.toString().equals("none");
        if (!none && (configFile != null || Files.isRegularFile(file))) {
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(file.toString(), null, "the SSH config file does not exist");
            } catch (IOException e) {
                throw new IOException("cannot read the SSH config file " + file + ": " + e.getMessage(), e);
            }
            entries.addAll(parse(withoutMatchBlocks(text), file.toString()));
            source = file.toString();
        }
        HostConfigEntry effective;
        try {
            effective = HostConfigEntry.toHostConfigEntryResolver(entries)
                    .resolveEffectiveHost(host, port == null ? 0 : port, null, user, null, null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("bad SSH configuration for " + host + " (" + source + "): " + e.getMessage());
        }
        if (effective == null) {
            // No entry matched: ssh's defaults.
            effective = new HostConfigEntry(host, host, port == null ? 22 : port, user == null ? localUser : user);
        }
        if (effective.getPort() > 65535) {
            throw new IllegalArgumentException("port " + effective.getPort() + " for " + host + " (" + source
                    + ") is out of range: a port is 1 to 65535");
        }
        List<Path> identities = effective.getIdentities().stream().map(Path::of).toList();
        String strict = effective.getProperty("StrictHostKeyChecking", "ask").toLowerCase(Locale.ROOT);
        String knownHostsValue = effective.getProperty("UserKnownHostsFile");
        Path knownHosts = knownHostsValue == null ? home.resolve(".ssh").resolve("known_hosts")
                : expandHome(knownHostsValue.split("[ ,]")[0], home);
        boolean batch = yes(effective.getProperty("BatchMode", "no"));
        String name = effective.getHostName() == null || effective.getHostName().isEmpty() ? host : effective.getHostName();
        String u = effective.getUsername() == null || effective.getUsername().isEmpty() ? localUser : effective.getUsername();
        String jump = effective.getProperty("ProxyJump");
        if (jump != null && (jump.isBlank() || jump.strip().equalsIgnoreCase("none"))) {
            jump = null;
        }
        int interval = number(effective, "ServerAliveInterval", 0, 0, host, source);
        int count = number(effective, "ServerAliveCountMax", 3, 1, host, source);
        return new Resolved(name, effective.getPort() > 0 ? effective.getPort() : 22, u, identities,
                effective.isIdentitiesOnly(), strict, knownHosts, batch, jump == null ? null : jump.strip(), interval, count,
                source);
    }

    private static int number(HostConfigEntry entry, String key, int absent, int least, String host, String source) {
        String value = entry.getProperty(key);
        if (value == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException(key + " " + value + " for " + host + " (" + source + ") is not a whole number"
                + (least > 0 ? " of at least " + least : " of seconds (0 for none)"));
    }

    /**
     * Refuses an -o option rshell does not know, as for an ssh:// target, also where it would not be used.
     *
     * @throws IllegalArgumentException naming the option and the supported ones
     */
    public static void check(List<String> options) {
        commandLineBlock(options);
    }

    /** The -o options as the first block of the configuration, applying to every host, so that their values win. */
    private static String commandLineBlock(List<String> options) {
        StringBuilder block = new StringBuilder("Host *\n");
        for (String option : options) {
            int cut = indexOfSeparator(option);
            String key = cut < 0 ? option : option.substring(0, cut).strip();
            String value = cut < 0 ? "" : option.substring(cut + 1).strip();
            String canonical = canonical(key);
            if (canonical == null) {
                throw new IllegalArgumentException("-o " + option + ": rshell does not support " + key + "; it supports "
                        + String.join(", ", SUPPORTED));
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("-o " + option + ": no value; write -o " + canonical + "=VALUE");
            }
            block.append(canonical).append(' ').append(value).append('\n');
        }
        return block.toString();
    }

    private static int indexOfSeparator(String option) {
        int eq = option.indexOf('=');
        int space = option.indexOf(' ');
        if (eq < 0) {
            return space;
        }
        return space < 0 ? eq : Math.min(eq, space);
    }

    private static String canonical(String key) {
        for (String known : SUPPORTED) {
            if (known.equalsIgnoreCase(key)) {
                return known;
            }
        }
        return null;
    }

    private static List<HostConfigEntry> parse(String text, String source) {
        try {
            return HostConfigEntry.readHostConfigEntries(new BufferedReader(new StringReader(text)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("bad SSH configuration in " + source + ": " + e.getMessage());
        }
    }

    /**
     * The file without its {@code Match} blocks, which MINA cannot read: ssh evaluates them against the connection,
     * rshell leaves them out rather than refusing the whole file.
     */
    static String withoutMatchBlocks(String text) {
        StringBuilder kept = new StringBuilder();
        boolean inMatch = false;
        for (String line : text.split("\n", -1)) {
            String word = line.strip().split("[\\s=]", 2)[0].toLowerCase(Locale.ROOT);
            if (word.equals("match")) {
                inMatch = true;
            } else if (word.equals("host")) {
                inMatch = false;
            }
            if (!inMatch) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    static boolean yes(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("yes") || v.equals("true") || v.equals("on");
    }

    static Path expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }

    /** For -v: the settings that matter, in one line. */
    public static String describe(Resolved r) {
        Map<String, String> shown = new TreeMap<>();
        shown.put("HostName", r.hostName());
        shown.put("Port", String.valueOf(r.port()));
        shown.put("User", r.user());
        return r.source() + ": " + shown;
    }
}
