package io.remoteshell.client.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ansible's YAML inventory: top-level groups (usually {@code all}), each with optional {@code hosts} (a map of host to
 * its variables), {@code vars} and {@code children} (a map of group to the same structure). JSON is YAML too.
 */
final class YamlInventory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlInventory() {
    }

    static void parse(String text, String source, Inventory.InventoryBuilder into) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            String why = e.getMessage() == null ? "not YAML" : e.getMessage().lines().findFirst().orElse("not YAML");
            throw new IOException(source + " is not a YAML inventory: " + why, e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new IOException(source + ": a YAML inventory is a map of groups, such as all: {hosts: {web1: }}");
        }
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                group(e.getKey(), e.getValue(), into);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    private static void group(String name, JsonNode node, Inventory.InventoryBuilder into) {
        into.group(name);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("group " + name + " must be a map with hosts, vars or children, not " + node);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "hosts" -> hosts(name, e.getValue(), into);
                case "vars" -> into.groupVars(name, vars("the vars of group " + name, e.getValue()));
                case "children" -> children(name, e.getValue(), into);
                default -> throw new IllegalArgumentException("group " + name + " has " + e.getKey()
                        + "; a group has only hosts, vars and children");
            }
        }
    }

    private static void hosts(String group, JsonNode node, Inventory.InventoryBuilder into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the hosts of group " + group + " must be a map of host names (each followed by a colon)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map<String, String> own = vars("the vars of host " + e.getKey(), e.getValue());
            for (HostPattern.Expanded h : HostPattern.expand(e.getKey())) {
                Map<String, String> all = new LinkedHashMap<>(h.vars());
                all.putAll(own);
                into.host(group, h.name(), all);
            }
        }
    }

    private static void children(String parent, JsonNode node, Inventory.InventoryBuilder into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the children of group " + parent + " must be a map of group names");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            into.child(parent, e.getKey());
            group(e.getKey(), e.getValue(), into);
        }
    }

    private static Map<String, String> vars(String what, JsonNode node) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return vars;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a map of NAME: VALUE");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            vars.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
        return vars;
    }
}
