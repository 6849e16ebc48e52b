package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** rshell's words in the order ssh reads them: options before and right after TARGET, then the command untouched. */
class SshArgsTest {

    private static String[] reorder(String... args) {
        return SshArgs.reorder(new CommandLine(new Rshell()).getCommandSpec(), args);
    }

    @Test
    void optionsRightAfterTheTargetAreRshells() {
        assertArrayEquals(new String[] {"-p", "2222", "--", "root@h", "uname", "-a"},
                reorder("root@h", "-p", "2222", "uname", "-a"));
        assertArrayEquals(new String[] {"-t", "-i", "k", "-o", "Port=2", "--", "h", "top"},
                reorder("-t", "h", "-i", "k", "-o", "Port=2", "top"));
    }

    @Test
    void clustersAndAttachedValuesTakeTheRightNumberOfWords() {
        assertArrayEquals(new String[] {"-tt", "-p2222", "-oUser=bob", "-nT", "-l", "bob", "--", "h", "ls", "-l"},
                reorder("-tt", "h", "-p2222", "-oUser=bob", "-nT", "-l", "bob", "ls", "-l"));
        assertArrayEquals(new String[] {"--token-file", "f", "--remote-charset=GBK", "--", "rsp://h", "x"},
                reorder("rsp://h", "--token-file", "f", "--remote-charset=GBK", "x"));
    }

    @Test
    void aDoubleDashEndsTheOptionsAndIsDropped() {
        assertArrayEquals(new String[] {"--", "h", "-v", "x"}, reorder("h", "--", "-v", "x"));
    }

    @Test
    void subcommandsAndHelpAreLeftAsTheyAre() {
        assertArrayEquals(new String[] {"-p", "2", "get", "h", "a", "b"}, reorder("-p", "2", "get", "h", "a", "b"));
        assertArrayEquals(new String[] {"--help"}, reorder("--help"));
        // An unknown option stays where it is, for picocli to name it.
        assertArrayEquals(new String[] {"-Z", "--", "h", "x"}, reorder("-Z", "h", "x"));
    }
}
