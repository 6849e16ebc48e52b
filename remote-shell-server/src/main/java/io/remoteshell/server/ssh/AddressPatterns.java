package io.remoteshell.server.ssh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The {@code from="..."} option of authorized_keys, matched against the client's address as
 * OpenSSH does without DNS: a comma-separated list of patterns, each an address with {@code *}
 * and {@code ?} wildcards or a CIDR block like {@code 10.0.0.0/8}; a pattern starting with
 * {@code !} that matches rejects the address whatever else matches. Host names are not looked
 * up (the address is what the client cannot fake), so a name pattern never matches.
 */
final class AddressPatterns {

    private AddressPatterns() {
    }

    /** True when {@code address} is allowed by the pattern list. */
    static boolean allows(String patternList, InetAddress address) {
        boolean allowed = false;
        for (String raw : patternList.split(",")) {
            String pattern = raw.strip();
            boolean negated = pattern.startsWith("!");
            if (negated) {
                pattern = pattern.substring(1);
            }
            if (pattern.isEmpty() || !matches(pattern, address)) {
                continue;
            }
            if (negated) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    private static boolean matches(String pattern, InetAddress address) {
        int slash = pattern.indexOf('/');
        if (slash >= 0) {
            return inBlock(pattern.substring(0, slash), pattern.substring(slash + 1), address);
        }
        String text = address.getHostAddress();
        return wildcard(pattern).matcher(text).matches()
                || (pattern.indexOf(':') >= 0 && sameAddress(pattern, address));
    }

    /** IPv6 has several spellings of one address: compare the parsed bytes when the pattern is a plain address. */
    private static boolean sameAddress(String pattern, InetAddress address) {
        if (pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0) {
            return false;
        }
        try {
            return InetAddress.getByName(pattern).equals(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean inBlock(String network, String bitsText, InetAddress address) {
        byte[] net;
        int bits;
        try {
            // Only literal addresses: getByName would resolve a name through DNS.
            if (!network.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                return false;
            }
            net = InetAddress.getByName(network).getAddress();
            bits = Integer.parseInt(bitsText);
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
        byte[] addr = address.getAddress();
        if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Pattern wildcard(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
