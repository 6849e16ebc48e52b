package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
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
