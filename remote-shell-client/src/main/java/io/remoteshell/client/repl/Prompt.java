package io.remoteshell.client.repl;

/**
 * The REPL's prompt, like bash's default one: {@code [alice@web1 ~]$ }, {@code #} when
 * commands run as root, and the last exit status in front when it was not 0: {@code (1)[alice@web1 tmp]$ }.
 */
record Prompt(String user, String host, boolean root) {

    String render(WorkingDirectory cwd, int lastExit) {
        String status = lastExit == 0 ? "" : "(" + lastExit + ")";
        return status + "[" + user + "@" + host + " " + shortName(cwd.current(), cwd.home()) + "]" + (root ? "# " : "$ ");
    }

    /** The directory as bash's prompt shows it: ~ for home, / for the root, else the last component. */
    static String shortName(String dir, String home) {
        if (dir.equals(home)) {
            return "~";
        }
        if (dir.equals("/")) {
            return "/";
        }
        String trimmed = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
