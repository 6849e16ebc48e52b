package io.remoteshell.client.repl;

import io.remoteshell.client.ExecResult;
import io.remoteshell.client.Session;
import java.io.IOException;
import java.nio.charset.Charset;

/** What the REPL learns about the server when it connects: where commands start, home, whether they run as root, its name. */
record RemoteHost(String startDir, String home, boolean root, String name) {

    /** One round trip; each answer on a line of its own. */
    static final String PROBE = "printf '%s\\n' \"$(pwd)\" \"$(cd 2>/dev/null && pwd)\" \"$(id -u)\" \"$(uname -n)\"";

    static RemoteHost probe(Session session, Charset charset, String fallbackName) throws IOException {
        ExecResult r = session.exec(PROBE);
        return parse(r.stdoutText(charset), fallbackName);
    }

    static RemoteHost parse(String output, String fallbackName) {
        String[] lines = output.split("\n", -1);
        String start = line(lines, 0, "/");
        String home = line(lines, 1, start);
        boolean root = line(lines, 2, "").equals("0");
        String name = line(lines, 3, fallbackName);
        int dot = name.indexOf('.');
        return new RemoteHost(start, home, root, dot > 0 ? name.substring(0, dot) : name);
    }

    private static String line(String[] lines, int i, String fallback) {
        return i < lines.length && !lines[i].isBlank() ? lines[i].strip() : fallback;
    }
}
