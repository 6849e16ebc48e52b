package io.remoteshell.client.cli.fleet;

import io.remoteshell.client.fleet.Inventory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which hosts -H and --hosts name. Without -H, every host of the hosts files. With it, each entry is {@code @GROUP}
 * (a group of the hosts files, children included), the name of a host in them (with its variables), or else a TARGET
 * of its own ({@code [USER@]HOST[:PORT]} for ssh, or a URI). A host named twice runs once.
 */
final class HostSelection {

    private HostSelection() {
    }

    /** @throws IllegalArgumentException for a selection that names nothing or an unknown group, saying what exists */
    static List<FleetHost> select(List<String> entries, List<Path> files) throws IOException {
        List<Inventory> inventories = new ArrayList<>();
        for (Path f : files) {
            inventories.add(Inventory.read(f));
        }
        Map<String, FleetHost> picked = new LinkedHashMap<>();
        List<String> wanted = entries.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
        if (wanted.isEmpty()) {
            if (!entries.isEmpty()) {
                throw new IllegalArgumentException("-H names no host");
            }
            for (Inventory inv : inventories) {
                inv.hosts().forEach(h -> picked.putIfAbsent(h.name(), of(h)));
            }
            if (picked.isEmpty()) {
                throw new IllegalArgumentException("the hosts file" + (files.size() > 1 ? "s " : " ") + files + " name no host");
            }
            return List.copyOf(picked.values());
        }
        for (String entry : wanted) {
            if (entry.startsWith("@")) {
                String group = entry.substring(1);
                if (inventories.isEmpty()) {
                    throw new IllegalArgumentException("-H " + entry + " names a group; give the file that defines it with --hosts FILE");
                }
                boolean known = inventories.stream().anyMatch(inv -> inv.groups().contains(group));
                if (!known) {
                    Set<String> groups = new LinkedHashSet<>();
                    inventories.forEach(inv -> groups.addAll(inv.groups()));
                    throw new IllegalArgumentException("no group " + group + " in " + files + "; its groups are "
                            + String.join(", ", groups));
                }
                for (Inventory inv : inventories) {
                    inv.group(group).forEach(h -> picked.putIfAbsent(h.name(), of(h)));
                }
                continue;
            }
            Inventory.Host known = inventories.stream().flatMap(inv -> inv.host(entry).stream()).findFirst().orElse(null);
            if (known != null) {
                picked.putIfAbsent(known.name(), of(known));
            } else if (!picked.containsKey(entry)) {
                String label = label(entry);
                boolean taken = picked.values().stream().anyMatch(h -> h.name().equals(label));
                picked.put(entry, new FleetHost(taken ? entry : label, entry));
            }
        }
        return List.copyOf(picked.values());
    }

    /** How a TARGET given with -H labels its output: without the scheme, which the port already tells apart. */
    private static String label(String target) {
        int scheme = target.indexOf("://");
        return scheme < 0 ? target : target.substring(scheme + 3);
    }

    private static FleetHost of(Inventory.Host h) {
        String target = null;
        String problem = null;
        try {
            target = h.target();
        } catch (IllegalArgumentException e) {
            // Reported as this host's failure to connect, so that the others still run.
            problem = e.getMessage();
        }
        return new FleetHost(h.name(), target, path(h.var("ansible_ssh_private_key_file")
                .orElse(h.var("ansible_private_key_file").orElse(null))), path(h.var("rshell_token_file").orElse(null)), problem);
    }

    private static Path path(String p) {
        if (p == null || p.isBlank()) {
            return null;
        }
        String home = System.getProperty("user.home");
        return Path.of(p.startsWith("~/") ? home + p.substring(1) : p);
    }
}
