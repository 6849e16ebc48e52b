package io.remoteshell.client.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operand of {@code rshell cp}, read as scp reads it: {@code rsp://USER@HOST:PORT/PATH} (and rsps://, ssh://),
 * {@code [USER@]HOST:PATH} when a colon comes before any slash ({@code ./a:b} is local), {@code :PATH} for every host
 * of a fleet, else a local path. {@code target} is null for a local path, empty for {@code :PATH}.
 */
public record CopyOperand(String target, String path) {

    private static final Pattern URI = Pattern.compile("^((?:rsps?|ssh)://[^/]*)(/.*)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BRACKETED = Pattern.compile("^((?:[^@/\\[]*@)?\\[[^\\]/]*]):(.*)$");

    public static CopyOperand parse(String operand) {
        Matcher uri = URI.matcher(operand);
        if (uri.matches()) {
            // The path of a URI is the remote path as written: rsp://h:9900/tmp/x is /tmp/x; without one, the home.
            return new CopyOperand(uri.group(1), uri.group(2) == null ? "" : uri.group(2));
        }
        Matcher bracketed = BRACKETED.matcher(operand);
        if (bracketed.matches()) {
            return new CopyOperand(bracketed.group(1), bracketed.group(2));
        }
        int colon = operand.indexOf(':');
        int slash = operand.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            return new CopyOperand(operand.substring(0, colon), operand.substring(colon + 1));
        }
        return new CopyOperand(null, operand);
    }

    public boolean isLocal() {
        return target == null;
    }

    /** {@code :PATH}: on every host of a fleet. */
    public boolean onEveryHost() {
        return target != null && target.isEmpty();
    }

    @Override
    public String toString() {
        return isLocal() ? path : target + (target.contains("://") ? "" : ":") + path;
    }
}
