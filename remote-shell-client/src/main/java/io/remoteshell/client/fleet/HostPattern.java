package io.remoteshell.client.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host as an inventory writes it: Ansible's {@code NAME[:PORT]} with ranges ({@code web[01:03]}, {@code db-[a:c]},
 * {@code n[0:10:5]}), pssh's {@code USER@HOST[:PORT]}, or a URI taken as it is.
 */
final class HostPattern {

    /** One host of a pattern and the variables it implies ({@code ansible_port}, {@code ansible_user}). */
    record Expanded(String name, Map<String, String> vars) {
    }

    private static final Pattern RANGE = Pattern.compile("\\[([0-9]+|[a-zA-Z]):([0-9]+|[a-zA-Z])(?::([0-9]+))?]");
    private static final Pattern PORT = Pattern.compile("^(.*):([0-9]+)$");
    private static final int MOST_HOSTS = 100_000;

    private HostPattern() {
    }

    /** @throws IllegalArgumentException naming what is wrong with the pattern */
    static List<Expanded> expand(String pattern) {
        if (pattern.contains("://")) {
            return List.of(new Expanded(pattern, Map.of()));
        }
        Map<String, String> vars = new LinkedHashMap<>();
        String rest = pattern;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            if (at == 0 || at == rest.length() - 1) {
                throw new IllegalArgumentException("host " + pattern + " needs a name on both sides of @");
            }
            vars.put("ansible_user", rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        rest = withoutPort(rest, vars);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("empty host name in " + pattern);
        }
        List<Expanded> out = new ArrayList<>();
        for (String name : ranges(rest)) {
            out.add(new Expanded(name, Map.copyOf(vars)));
        }
        return out;
    }

    private static String withoutPort(String host, Map<String, String> vars) {
        if (host.startsWith("[") && !RANGE.matcher(host).lookingAt()) {
            // [v6-address] or [v6-address]:port
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("host " + host + " opens [ without closing it");
            }
            String tail = host.substring(close + 1);
            if (tail.startsWith(":") && tail.length() > 1 && tail.substring(1).chars().allMatch(Character::isDigit)) {
                vars.put("ansible_port", tail.substring(1));
            } else if (!tail.isEmpty()) {
                throw new IllegalArgumentException("host " + host + " has " + tail + " after its address; write [ADDRESS]:PORT");
            }
            return host.substring(1, close);
        }
        String outside = RANGE.matcher(host).replaceAll("R");
        if (outside.chars().filter(c -> c == ':').count() == 1) {
            Matcher m = PORT.matcher(host);
            if (m.matches()) {
                vars.put("ansible_port", m.group(2));
                return m.group(1);
            }
        }
        return host;
    }

    private static List<String> ranges(String host) {
        Matcher m = RANGE.matcher(host);
        if (!m.find()) {
            return List.of(host);
        }
        String head = host.substring(0, m.start());
        List<String> tails = ranges(host.substring(m.end()));
        List<String> values = rangeValues(m.group(1), m.group(2), m.group(3), m.group());
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String t : tails) {
                out.add(head + v + t);
                if (out.size() > MOST_HOSTS) {
                    throw new IllegalArgumentException("host range " + host + " names more than " + MOST_HOSTS + " hosts");
                }
            }
        }
        return out;
    }

    private static List<String> rangeValues(String from, String to, String step, String text) {
        int stride = step == null ? 1 : Integer.parseInt(step);
        if (stride < 1) {
            throw new IllegalArgumentException("range " + text + " needs a step of at least 1");
        }
        boolean numeric = Character.isDigit(from.charAt(0));
        if (numeric != Character.isDigit(to.charAt(0))) {
            throw new IllegalArgumentException("range " + text + " mixes a number and a letter");
        }
        List<String> out = new ArrayList<>();
        if (numeric) {
            long a = Long.parseLong(from);
            long b = Long.parseLong(to);
            if (a > b) {
                throw new IllegalArgumentException("range " + text + " ends before it starts");
            }
            if ((b - a) / stride > MOST_HOSTS) {
                throw new IllegalArgumentException("range " + text + " names more than " + MOST_HOSTS + " hosts");
            }
            // Ansible pads to the width of the start when it has leading zeros: [01:10] gives 01 ... 10.
            String format = from.length() > 1 && from.startsWith("0") ? "%0" + from.length() + "d" : "%d";
            for (long i = a; i <= b; i += stride) {
                out.add(String.format(format, i));
            }
        } else {
            char a = from.charAt(0);
            char b = to.charAt(0);
            if (a > b) {
                throw new IllegalArgumentException("range " + text + " ends before it starts");
            }
            for (char c = a; c <= b; c += (char) stride) {
                out.add(String.valueOf(c));
            }
        }
        return out;
    }
}
