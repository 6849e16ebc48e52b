package io.remoteshell.client.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.completer.FileNameCompleter;

/**
 * Tab completion: the first word from the built-ins and the remote commands on the server's PATH,
 * later words from remote paths (relative to the REPL's working directory), except the local file
 * of {@code put} and {@code get} and anything after {@code !}, which complete from local paths.
 * Listings come from a {@link CompletionCache}, so Tab never waits long for the server.
 */
final class RemoteCompleter implements Completer {

    /** The key for the command names; directory listings are keyed by their absolute path. */
    static final String COMMANDS = "\u0000commands";

    private final CompletionCache<String> cache;
    private final Supplier<WorkingDirectory> cwd;
    private final Completer local = new FileNameCompleter();

    RemoteCompleter(CompletionCache<String> cache, Supplier<WorkingDirectory> cwd) {
        this.cache = cache;
        this.cwd = cwd;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        String first = words.isEmpty() ? "" : words.get(0);
        if (first.startsWith("!") || (first.equals("put") && index == 1) || (first.equals("get") && index == 2)) {
            local.complete(reader, line, candidates);
            return;
        }
        String word = line.word().substring(0, line.wordCursor());
        if (index == 0 && !word.contains("/")) {
            candidates.addAll(commands(word));
        } else {
            candidates.addAll(paths(word));
        }
    }

    /** Built-ins and remote command names starting with {@code prefix}. */
    List<Candidate> commands(String prefix) {
        List<Candidate> result = new ArrayList<>();
        for (String b : Action.BUILTINS) {
            if (b.startsWith(prefix)) {
                result.add(new Candidate(b, b, "built-in", null, null, null, true));
            }
        }
        for (String name : cache.get(COMMANDS)) {
            if (name.startsWith(prefix) && !Action.BUILTINS.contains(name)) {
                result.add(new Candidate(name));
            }
        }
        return result;
    }

    /** Remote paths completing {@code word}: directories end in / and leave the cursor there to go on typing. */
    List<Candidate> paths(String word) {
        int slash = word.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : word.substring(0, slash + 1);
        String prefix = word.substring(slash + 1);
        WorkingDirectory wd = cwd.get();
        String dir = dirPart.isEmpty() ? wd.current() : wd.absolute(dirPart);
        List<Candidate> result = new ArrayList<>();
        for (String entry : cache.get(dir)) {
            boolean isDir = entry.endsWith("/");
            String name = isDir ? entry.substring(0, entry.length() - 1) : entry;
            if (name.startsWith(prefix) && (prefix.startsWith(".") || !name.startsWith("."))) {
                String value = dirPart + name + (isDir ? "/" : "");
                result.add(new Candidate(value, name + (isDir ? "/" : ""), null, null, null, null, !isDir));
            }
        }
        return result;
    }

    /** The remote command that lists the names {@link #COMMANDS} stands for, one per line. */
    static String listCommandsLine() {
        return "IFS=:; for d in $PATH; do ls -1 \"$d\" 2>/dev/null; done | sort -u";
    }

    /** The remote command that lists {@code dir}, directories marked with a trailing /. */
    static String listDirectoryLine(String dir) {
        return "cd -- " + Words.quote(dir) + " && ls -1Ap";
    }
}
