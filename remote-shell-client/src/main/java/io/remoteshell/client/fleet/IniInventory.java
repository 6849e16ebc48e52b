package io.remoteshell.client.fleet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory: host lines ({@code NAME key=value ...}), {@code [group]}, {@code [group:vars]} and
 * {@code [group:children]} sections, {@code #} and {@code ;} comments. Hosts before any section are ungrouped; a
 * file of host lines alone is pssh's plain hosts file.
 */
final class IniInventory {

    private static final Pattern SECTION = Pattern.compile("^\\[([^\\]:]+)(?::(vars|children))?]$");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_\\-.]+");

    private IniInventory() {
    }

    static void parse(String text, String source, Inventory.InventoryBuilder into) throws IOException {
        String group = Inventory.UNGROUPED;
        String kind = "hosts";
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String where = source + ", line " + (i + 1);
            try {
                var section = SECTION.matcher(line);
                if (line.startsWith("[") && section.matches()) {
                    group = section.group(1).strip();
                    if (!GROUP_NAME.matcher(group).matches()) {
                        throw new IllegalArgumentException("group name " + group + " may hold only letters, digits, _ - .");
                    }
                    kind = section.group(2) == null ? "hosts" : section.group(2);
                    into.group(group);
                    continue;
                }
                switch (kind) {
                    case "vars" -> {
                        int eq = line.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("a [" + group + ":vars] line is NAME=VALUE, not " + line);
                        }
                        into.groupVars(group, Map.of(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip())));
                    }
                    case "children" -> into.child(group, words(line).get(0));
                    default -> hostLine(line, group, into);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }
    }

    private static void hostLine(String line, String group, Inventory.InventoryBuilder into) {
        List<String> words = words(line);
        Map<String, String> vars = new LinkedHashMap<>();
        for (String w : words.subList(1, words.size())) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("after the host, each word is NAME=VALUE, not " + w);
            }
            vars.put(w.substring(0, eq), w.substring(eq + 1));
        }
        for (HostPattern.Expanded h : HostPattern.expand(words.get(0))) {
            Map<String, String> all = new LinkedHashMap<>(h.vars());
            all.putAll(vars);
            into.host(group, h.name(), all);
        }
    }

    /** Splits on blanks as a shell would, honouring quotes; a {@code #} that starts a word starts a comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("a quote is not closed: " + line);
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
