package io.remoteshell.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RemoteFiles} through commands run on the session, for RSP/1, which has no listing request: GNU
 * {@code find -printf} with NUL-separated records (any byte but NUL and / may be in a name), {@code mkdir} and
 * {@code chmod}; each run as an argv, so no path goes through a shell.
 */
final class ShellFiles implements RemoteFiles {

    private final Session session;

    ShellFiles(Session session) {
        this.session = session;
    }

    @Override
    public Optional<RemoteFile> stat(String path) throws IOException {
        ExecResult r = session.exec(Command.argv("find", "-L", operand(path), "-maxdepth", "0", "-printf", "%y %m %p\\0"));
        if (!r.isSuccess()) {
            String why = r.stderrText().strip();
            if (why.endsWith("No such file or directory") || why.endsWith("Not a directory")) {
                return Optional.empty();
            }
            throw failed("cannot look at " + path, r);
        }
        List<RemoteFile> found = records(r.stdout(), path);
        return found.isEmpty() ? Optional.empty() : Optional.of(new RemoteFile(path, found.get(0).kind(), found.get(0).mode()));
    }

    @Override
    public List<RemoteFile> walk(String dir) throws IOException {
        ExecResult r = session.exec(Command.argv("find", "-L", operand(dir), "-mindepth", "1", "-printf", "%y %m %P\\0"));
        if (!r.isSuccess()) {
            // A loop of symbolic links, an unreadable directory: the copy would be incomplete, so it does not start.
            throw failed("cannot list " + dir, r);
        }
        return records(r.stdout(), dir);
    }

    @Override
    public void mkdir(String path) throws IOException {
        ExecResult r = session.exec(Command.argv("mkdir", "--", path));
        if (!r.isSuccess()) {
            throw failed("cannot make the remote directory " + path, r);
        }
    }

    @Override
    public void chmod(String path, int mode) throws IOException {
        ExecResult r = session.exec(Command.argv("chmod", Integer.toOctalString(mode & 07777), "--", path));
        if (!r.isSuccess()) {
            throw failed("cannot set the mode of " + path, r);
        }
    }

    @Override
    public void close() {
        // Nothing of its own is open: the commands ran on the caller's session.
    }

    /** A path as find's operand: a relative one that began with - or ( would be read as part of the expression. */
    private static String operand(String path) {
        return path.isEmpty() ? "." : path.startsWith("/") ? path : "./" + path;
    }

    /** "TYPE MODE PATH\0" records, as the -printf formats above write them. */
    private static List<RemoteFile> records(byte[] out, String listed) throws ProtocolViolationException {
        List<RemoteFile> files = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] != 0) {
                continue;
            }
            String record = new String(out, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            int space = record.indexOf(' ', 2);
            if (record.length() < 4 || record.charAt(1) != ' ' || space < 0 || !record.substring(2, space).matches("[0-7]{1,5}")) {
                throw new ProtocolViolationException("the remote find printed an unreadable entry for " + listed + ": " + record);
            }
            RemoteFile.Kind kind = switch (record.charAt(0)) {
                case 'f' -> RemoteFile.Kind.FILE;
                case 'd' -> RemoteFile.Kind.DIRECTORY;
                default -> RemoteFile.Kind.OTHER;
            };
            files.add(new RemoteFile(record.substring(space + 1), kind, Integer.parseInt(record.substring(2, space), 8) & 0777));
        }
        return files;
    }

    private static RemoteErrorException failed(String what, ExecResult r) {
        String why = r.stderrText().strip();
        // The last line names the problem ("...: Permission denied"); the command's own name adds nothing.
        why = why.substring(why.lastIndexOf('\n') + 1).replaceFirst("^(find|mkdir|chmod): ", "");
        String code = why.endsWith("No such file or directory") ? "NOT_FOUND" : "IO_ERROR";
        return new RemoteErrorException(code, what + ": " + (why.isEmpty() ? "exit " + r.exitCode() : why));
    }
}
