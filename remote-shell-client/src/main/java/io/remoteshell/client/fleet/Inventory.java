package io.remoteshell.client.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of an Ansible inventory, in its INI or YAML form, or of a plain file with one host per line (pssh's form,
 * {@code [USER@]HOST[:PORT]} or a URI): their groups and variables, as Ansible reads them. Host ranges such as
 * {@code web[01:20]} are expanded; a host's variables are those of {@code all}, then of its groups from the outermost
 * to the innermost (groups of one depth by name), then its own.
 *
 * <p>{@link Host#target()} says how rshell reaches a host: see {@link Host} for the variables it reads.
 */
public final class Inventory {

    /** The group of every host. */
    public static final String ALL = "all";
    /** The group of the hosts that are in no other group. */
    public static final String UNGROUPED = "ungrouped";

    /**
     * One host, with its variables merged from its groups and its own. rshell reads: {@code ansible_host} (the address,
     * else the host's name), {@code ansible_user}, {@code rshell_scheme} ({@code ssh}, the default as in Ansible, or
     * {@code rsp}, {@code rsps}), the port of that scheme ({@code ansible_port} for ssh, {@code rshell_rsp_port},
     * {@code rshell_rsps_port}), {@code ansible_ssh_private_key_file} and {@code rshell_token_file}; also the older
     * {@code ansible_ssh_host}, {@code ansible_ssh_port}, {@code ansible_ssh_user} spellings.
     */
    public record Host(String name, Map<String, String> vars, Set<String> groups) {

        /** The variable, if the host or one of its groups sets it. */
        public Optional<String> var(String name) {
            return Optional.ofNullable(vars.get(name));
        }

        /**
         * The address to connect to, as an rshell TARGET: {@code SCHEME://[USER@]HOST[:PORT]}, leaving out the user or
         * port when the inventory does not say them (the command line's {@code -l} and {@code -p}, then the defaults,
         * fill them in). A host written as a URI in the inventory is taken as it is.
         *
         * @throws IllegalArgumentException when the host names a transport rshell does not have
         */
        public String target() {
            if (name.contains("://")) {
                return name;
            }
            String scheme = scheme();
            String address = first("ansible_host", "ansible_ssh_host").orElse(name);
            String user = first("ansible_user", "ansible_ssh_user").orElse(null);
            String port = switch (scheme) {
                case "ssh" -> first("ansible_port", "ansible_ssh_port").orElse(null);
                default -> var("rshell_" + scheme + "_port").orElse(null);
            };
            String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
            return scheme + "://" + (user == null ? "" : user + "@") + host + (port == null ? "" : ":" + port);
        }

        private String scheme() {
            Optional<String> rshell = var("rshell_scheme");
            if (rshell.isPresent()) {
                return rshell.get().strip().toLowerCase(Locale.ROOT);
            }
            String connection = var("ansible_connection").orElse("ssh");
            return switch (connection) {
                case "ssh", "smart", "paramiko", "paramiko_ssh", "ansible.builtin.ssh", "ansible.builtin.paramiko_ssh" -> "ssh";
                default -> throw new IllegalArgumentException("host " + name + " has ansible_connection=" + connection
                        + ", which rshell does not speak; rshell connects over ssh, or over rsp with rshell_scheme=rsp");
            };
        }

        private Optional<String> first(String... names) {
            for (String n : names) {
                if (vars.containsKey(n)) {
                    return Optional.of(vars.get(n));
                }
            }
            return Optional.empty();
        }
    }

    private final Map<String, Host> hosts;
    private final Map<String, List<String>> groups;

    Inventory(Map<String, Host> hosts, Map<String, List<String>> groups) {
        this.hosts = Collections.unmodifiableMap(hosts);
        this.groups = Collections.unmodifiableMap(groups);
    }

    /**
     * Reads an inventory file: YAML when its name ends in {@code .yml}, {@code .yaml} or {@code .json} or its text
     * looks like YAML ({@code ---} or {@code all:} first), else INI, of which a plain one-host-per-line file is a part.
     *
     * @throws IOException naming the file and line of what cannot be read
     */
    public static Inventory read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read the hosts file " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json") || looksLikeYaml(text);
        return parse(text, file.toString(), yaml);
    }

    /** Parses inventory text; {@code source} names it in error messages. */
    public static Inventory parse(String text, String source, boolean yaml) throws IOException {
        InventoryBuilder builder = new InventoryBuilder();
        if (yaml) {
            YamlInventory.parse(text, source, builder);
        } else {
            IniInventory.parse(text, source, builder);
        }
        return builder.build();
    }

    private static boolean looksLikeYaml(String text) {
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            return l.equals("---") || l.startsWith("{") || (l.endsWith(":") && !l.startsWith("[") && !l.contains(" "));
        }
        return false;
    }

    /** Every host, in the order the inventory first names them. */
    public List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    /** The host of this name. */
    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** The names of the groups, {@code all} and {@code ungrouped} included. */
    public Set<String> groups() {
        return groups.keySet();
    }

    /** The hosts of {@code group} and of its child groups, in inventory order; empty for an unknown group. */
    public List<Host> group(String group) {
        return groups.getOrDefault(group, List.of()).stream().map(hosts::get).toList();
    }

    /** Merges group variables into each host and resolves membership through child groups. */
    static final class InventoryBuilder {
        private final Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
        private final Map<String, Set<String>> groupHosts = new LinkedHashMap<>();
        private final Map<String, Set<String>> children = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> groupVars = new LinkedHashMap<>();

        InventoryBuilder() {
            group(ALL);
            group(UNGROUPED);
        }

        void group(String name) {
            groupHosts.computeIfAbsent(name, k -> new LinkedHashSet<>());
            children.computeIfAbsent(name, k -> new LinkedHashSet<>());
            groupVars.computeIfAbsent(name, k -> new LinkedHashMap<>());
        }

        void host(String group, String host, Map<String, String> vars) {
            group(group);
            groupHosts.get(group).add(host);
            hostVars.computeIfAbsent(host, k -> new LinkedHashMap<>()).putAll(vars);
        }

        void child(String parent, String child) {
            group(parent);
            group(child);
            children.get(parent).add(child);
        }

        void groupVars(String group, Map<String, String> vars) {
            group(group);
            groupVars.get(group).putAll(vars);
        }

        Inventory build() throws IOException {
            Map<String, Integer> depth = depths();
            Map<String, Set<String>> members = new LinkedHashMap<>();
            for (String g : groupHosts.keySet()) {
                members.put(g, collect(g, new LinkedHashSet<>(), new LinkedHashSet<>()));
            }
            Set<String> grouped = new LinkedHashSet<>();
            for (Map.Entry<String, Set<String>> e : members.entrySet()) {
                if (!e.getKey().equals(ALL) && !e.getKey().equals(UNGROUPED)) {
                    grouped.addAll(e.getValue());
                }
            }
            members.put(ALL, new LinkedHashSet<>(hostVars.keySet()));
            Set<String> ungrouped = new LinkedHashSet<>(hostVars.keySet());
            ungrouped.removeAll(grouped);
            members.put(UNGROUPED, ungrouped);

            Map<String, Host> hosts = new LinkedHashMap<>();
            for (String h : hostVars.keySet()) {
                List<String> mine = new ArrayList<>();
                members.forEach((g, hs) -> {
                    if (hs.contains(h)) {
                        mine.add(g);
                    }
                });
                mine.sort(Comparator.comparing((String g) -> depth.getOrDefault(g, 1)).thenComparing(g -> g));
                Map<String, String> vars = new LinkedHashMap<>();
                for (String g : mine) {
                    vars.putAll(groupVars.get(g));
                }
                vars.putAll(hostVars.get(h));
                hosts.put(h, new Host(h, Collections.unmodifiableMap(vars), Collections.unmodifiableSet(new LinkedHashSet<>(mine))));
            }
            Map<String, List<String>> groups = new LinkedHashMap<>();
            members.forEach((g, hs) -> groups.put(g, List.copyOf(hs)));
            return new Inventory(hosts, groups);
        }

        /** The hosts of {@code group} and its descendants; a cycle of child groups is an error, as in Ansible. */
        private Set<String> collect(String group, Set<String> into, Set<String> path) throws IOException {
            if (!path.add(group)) {
                throw new IOException("the child groups of " + group + " form a cycle: " + String.join(" -> ", path) + " -> " + group);
            }
            into.addAll(groupHosts.get(group));
            for (String c : children.get(group)) {
                collect(c, into, path);
            }
            path.remove(group);
            return into;
        }

        /** all is 0, a group no one names as a child is 1, a child one deeper than its deepest parent. */
        private Map<String, Integer> depths() {
            Map<String, Integer> depth = new LinkedHashMap<>();
            depth.put(ALL, 0);
            for (String g : groupHosts.keySet()) {
                depthOf(g, depth, new LinkedHashSet<>());
            }
            return depth;
        }

        private int depthOf(String group, Map<String, Integer> depth, Set<String> path) {
            Integer known = depth.get(group);
            if (known != null) {
                return known;
            }
            if (!path.add(group)) {
                return 1;
            }
            int d = 1;
            for (Map.Entry<String, Set<String>> e : children.entrySet()) {
                if (e.getValue().contains(group) && !e.getKey().equals(ALL)) {
                    d = Math.max(d, depthOf(e.getKey(), depth, path) + 1);
                }
            }
            depth.put(group, d);
            return d;
        }
    }
}
