package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command lines rshell reads without picocli give the fields picocli gives them; the rest are left to picocli. */
class OneShotArgsTest {

    /** The fields as picocli fills them in from {@code args}, as {@link Rshell#run} hands them over. */
    private static List<String> picocli(String... args) {
        Rshell rshell = new Rshell();
        CommandLine cli = new CommandLine(rshell);
        cli.setStopAtPositional(true);
        cli.parseArgs(SshArgs.reorder(cli.getCommandSpec(), args));
        return OneShotArgs.describe(rshell);
    }

    private static void sameAsPicocli(String... args) {
        Rshell quick = OneShotArgs.parse(args);
        assertNotNull(quick, String.join(" ", args));
        assertEquals(picocli(args), OneShotArgs.describe(quick), String.join(" ", args));
    }

    @Test
    void everydayCommandLinesAreReadAsPicocliReadsThem() {
        sameAsPicocli("rsp://alice@h:9900", "true");
        sameAsPicocli("--token-file", "/tmp/t", "rsp://alice@h", "uname", "-a");
        sameAsPicocli("-i", "/k1", "--accept-new", "ssh://root@127.0.0.1:2222", "true");
        sameAsPicocli("-i", "/k1", "-i", "k2", "-o", "Port=2", "-o", "User=bob", "h", "ls", "-la", "--", "x");
        sameAsPicocli("root@h", "-p", "2222", "-l", "bob", "uname", "-a");
        sameAsPicocli("-vv", "-q", "h", "-nT", "echo", "-n", "x");
        sameAsPicocli("-tt", "h", "-J", "jump1,jump2", "-F", "none", "top");
        sameAsPicocli("-t", "-v", "h", "-t", "sh", "-c", "echo $HOME");
        sameAsPicocli("h", "", "-");
        sameAsPicocli("-", "x");
    }

    /** A get or put as picocli reads it: its subcommand's fields, its own login options after rshell's. */
    private static List<String> picocliCopy(String... args) {
        CommandLine cli = new CommandLine(new Rshell());
        cli.setStopAtPositional(true);
        for (String own : List.of("get", "put")) {
            cli.getSubcommands().get(own).setStopAtPositional(false);
        }
        CommandLine.ParseResult parsed = cli.parseArgs(SshArgs.reorder(cli.getCommandSpec(), args));
        return OneShotArgs.describe((Callable<Integer>) parsed.subcommand().commandSpec().userObject());
    }

    private static void sameCopyAsPicocli(String... args) {
        Callable<Integer> quick = OneShotArgs.transfer(args);
        assertNotNull(quick, String.join(" ", args));
        assertEquals(picocliCopy(args), OneShotArgs.describe(quick), String.join(" ", args));
    }

    @Test
    void everydayGetsAndPutsAreReadAsPicocliReadsThem() {
        sameCopyAsPicocli("put", "--token-file", "/tmp/t", "rsp://alice@h:9900", "/tmp/a.bin", "/tmp/b.bin");
        sameCopyAsPicocli("get", "--token-file", "/tmp/t", "rsp://alice@h:9900", "/tmp/a.bin", "down.bin");
        sameCopyAsPicocli("get", "-q", "-i", "/k1", "--accept-new", "ssh://root@127.0.0.1:2222", "a", "dir/");
        sameCopyAsPicocli("put", "h", "-p", "2222", "-l", "bob", "-vv", "a b", "c");
        sameCopyAsPicocli("put", "-o", "Port=2", "-J", "j1,j2", "-F", "none", "h", "", "x");
    }

    @Test
    void otherGetsAndPutsAreLeftToPicocli() {
        for (List<String> args : List.<List<String>>of(
                List.of("get", "h", "a"), List.of("put", "h", "a", "b", "c"), List.of("put", "h", "a", "b", "-q"),
                List.of("put", "h", "a", "-q", "b"), List.of("get", "--help"), List.of("put", "-h", "h", "a", "b"),
                List.of("get", "-n", "h", "a", "b"), List.of("get", "-T", "h", "a", "b"), List.of("get", "-t", "h", "a", "b"),
                List.of("put", "h", "-", "b"), List.of("put", "h", "a", "-"), List.of("-q", "put", "h", "a", "b"),
                List.of("put", "--", "h", "a", "b"), List.of("put", "@f", "h", "a"), List.of("put", "-p2", "h", "a", "b"),
                List.of("cp", "a", "h:b", "c"), List.of("put", "get", "a", "b"), List.of("put", "h", "a", "b", "--bogus"))) {
            assertNull(OneShotArgs.transfer(args.toArray(String[]::new)), String.valueOf(args));
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        for (List<String> args : List.<List<String>>of(
                List.<String>of(), List.of("--help"), List.of("-h"), List.of("-V"), List.of("h"), List.of("-p", "22"),
                List.of("get", "h", "a", "b"), List.of("-p", "2", "cp", "a", "h:b"), List.of("ping", "h"),
                List.of("h", "--", "-v", "x"), List.of("--", "h", "x"), List.of("@args"), List.of("h", "echo", "@x"),
                List.of("-p2222", "h", "x"), List.of("-oUser=bob", "h", "x"), List.of("--token-file=f", "h", "x"),
                List.of("-p", "22", "-p", "23", "h", "x"), List.of("-q", "-q", "h", "x"), List.of("-nn", "h", "x"),
                List.of("--accept-new", "--accept-new", "h", "x"), List.of("-p", "0x16", "h", "x"), List.of("-p", "-1", "h", "x"),
                List.of("-l", "-bob", "h", "x"), List.of("-Z", "h", "x"), List.of("--remote-charset", "GBK", "h", "x"),
                List.of("-i"), List.of("h", "-i"), List.of("-vp", "22", "h", "x"), List.of("--bogus", "h", "x"))) {
            assertNull(OneShotArgs.parse(args.toArray(String[]::new)), String.valueOf(args));
        }
    }
}
