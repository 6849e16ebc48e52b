package io.remoteshell.client.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The REPL's decisions, without a terminal or a server: prompt, cd tracking, built-in parsing, word splitting. */
class ReplLogicTest {

    @Test
    void promptShowsUserHostDirectoryRootAndFailedStatus() {
        WorkingDirectory cwd = new WorkingDirectory("/home/alice", "/home/alice");
        assertEquals("[alice@web1 ~]$ ", new Prompt("alice", "web1", false).render(cwd, 0));
        assertEquals("[root@localhost ~]# ", new Prompt("root", "localhost", true).render(cwd, 0));
        cwd.moveTo("/var/log");
        assertEquals("(1)[alice@web1 log]$ ", new Prompt("alice", "web1", false).render(cwd, 1));
        cwd.moveTo("/");
        assertEquals("[alice@web1 /]$ ", new Prompt("alice", "web1", false).render(cwd, 0));
    }

    @Test
    void cdGoesHomeBackAndToWhatTheServerResolved() {
        WorkingDirectory cwd = new WorkingDirectory("/srv", "/home/alice");
        assertEquals(Optional.empty(), cwd.target("-"), "no previous directory yet");
        assertEquals(Optional.of("'/home/alice'"), cwd.target(""));
        assertEquals(Optional.of("~/src"), cwd.target(" ~/src "), "the remote shell expands what was typed");
        cwd.moveTo("/tmp");
        assertEquals("/tmp", cwd.current());
        assertEquals(Optional.of("'/srv'"), cwd.target("-"));
        cwd.moveTo("/srv");
        assertEquals(Optional.of("'/tmp'"), cwd.target("-"), "cd - toggles");
        assertEquals("cd -- 'it'\\''s' && pwd", WorkingDirectory.resolveCommand(Words.quote("it's")));
        assertEquals("/srv/a/b", cwd.absolute("a/b"));
        assertEquals("/home/alice/x", cwd.absolute("~/x"));
        assertEquals("/etc/x", cwd.absolute("/etc/x"));
    }

    @Test
    void builtInsAreParsedOnlyInTheirSimpleForm() {
        assertInstanceOf(Action.Nothing.class, Action.parse("   "));
        assertInstanceOf(Action.Exit.class, Action.parse("exit"));
        assertInstanceOf(Action.Help.class, Action.parse(" help "));
        assertInstanceOf(Action.Shell.class, Action.parse("shell"));
        assertEquals(new Action.Cd(""), Action.parse("cd"));
        assertEquals(new Action.Cd("\"my dir\""), Action.parse("cd \"my dir\""));
        assertEquals(new Action.Cd("$HOME/src"), Action.parse("cd $HOME/src"));
        assertEquals(new Action.Get("/var/log/syslog", null), Action.parse("get /var/log/syslog"));
        assertEquals(new Action.Get("a b", "c"), Action.parse("get 'a b' c"));
        assertEquals(new Action.Put("x.tar", "/tmp/"), Action.parse("put x.tar /tmp/"));
        assertEquals(new Action.Local("ls -l"), Action.parse("!ls -l"));
        assertEquals(new Action.Remote("cd /tmp && ls"), Action.parse("cd /tmp && ls"));
        assertEquals(new Action.Remote("get x; ls"), Action.parse("get x; ls"));
        assertEquals(new Action.Remote("getent passwd"), Action.parse("getent passwd"));
        assertEquals(new Action.Remote("exit 3 | cat"), Action.parse("exit 3 | cat"));
        assertInstanceOf(Action.Usage.class, Action.parse("get"));
        assertInstanceOf(Action.Usage.class, Action.parse("put a b c"));
        assertInstanceOf(Action.Usage.class, Action.parse("cd a b"));
        assertEquals(new Action.Exit(3), Action.parse("exit 3"));
        assertEquals(new Action.Exit(null), Action.parse("exit"));
        assertInstanceOf(Action.Usage.class, Action.parse("exit 256"));
        assertInstanceOf(Action.Usage.class, Action.parse("exit x"));
        assertInstanceOf(Action.Usage.class, Action.parse("!"));
        assertInstanceOf(Action.Usage.class, Action.parse("get 'unterminated"));
    }

    @Test
    void wordsSplitAndQuoteAsShDoes() {
        assertEquals(List.of("a", "b c", "d\"e", "f g", "$x"), Words.split(" a 'b c' \"d\\\"e\" f\\ g '$x'"));
        assertThrows(IllegalArgumentException.class, () -> Words.split("'open"));
        assertEquals("'it'\\''s'", Words.quote("it's"));
    }

    @Test
    void remoteHostIsReadFromTheProbe() {
        RemoteHost h = RemoteHost.parse("/srv\n/home/alice\n0\nweb1.example.org\n", "fallback");
        assertEquals(new RemoteHost("/srv", "/home/alice", true, "web1"), h);
        RemoteHost noHome = RemoteHost.parse("/srv\n\n1000\n\n", "127.0.0.1");
        assertEquals(new RemoteHost("/srv", "/srv", false, "127"), noHome);
    }

    @Test
    void outputInAnotherCharsetIsDecodedAndInvalidBytesAreShownSafely() {
        Charset gbk = Charset.forName("GBK");
        byte[] chinese = "中文 ok\n".getBytes(gbk);
        OutputDecoder fromGbk = new OutputDecoder(gbk, StandardCharsets.UTF_8);
        // Cut inside the first character: the decoder joins the halves.
        byte[] first = fromGbk.decode(chinese, 0, 1);
        byte[] rest = fromGbk.decode(chinese, 1, chinese.length - 1);
        assertEquals("中文 ok\n", new String(first, StandardCharsets.UTF_8) + new String(rest, StandardCharsets.UTF_8)
                + new String(fromGbk.finish(), StandardCharsets.UTF_8));

        OutputDecoder utf8 = new OutputDecoder(StandardCharsets.UTF_8, StandardCharsets.UTF_8);
        byte[] binary = {'a', (byte) 0xFF, (byte) 0xFE, 'b', (byte) 0xC3};
        String shown = new String(utf8.decode(binary, 0, binary.length), StandardCharsets.UTF_8)
                + new String(utf8.finish(), StandardCharsets.UTF_8);
        assertEquals("a\\xFF\\xFEb\\xC3", shown, "invalid bytes and a cut-off character at the end show as \\xNN");

        OutputDecoder toAscii = new OutputDecoder(StandardCharsets.UTF_8, StandardCharsets.US_ASCII);
        byte[] e = "é!".getBytes(StandardCharsets.UTF_8);
        assertEquals("?!", new String(toAscii.decode(e, 0, e.length), StandardCharsets.US_ASCII), "what the terminal cannot show is ?");
    }

    @Test
    void screenPaintsStderrRedOnlyOnColourTerminalsAndEndsPartialLines() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Screen colour = new Screen(out, true, StandardCharsets.UTF_8, StandardCharsets.UTF_8);
        try (var err = colour.stderr(); var std = colour.stdout()) {
            err.write("bad\n".getBytes(StandardCharsets.UTF_8));
            std.write("no newline".getBytes(StandardCharsets.UTF_8));
        }
        colour.endLine();
        colour.endLine();
        assertEquals("\u001b[31mbad\n\u001b[0mno newline\n", out.toString(StandardCharsets.UTF_8));

        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
        Screen mono = new Screen(plain, false, StandardCharsets.UTF_8, StandardCharsets.UTF_8);
        try (var err = mono.stderr()) {
            err.write("bad\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(plain.toString(StandardCharsets.UTF_8).equals("bad\n"));
    }
}
