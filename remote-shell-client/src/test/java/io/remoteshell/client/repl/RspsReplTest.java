package io.remoteshell.client.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.TestServer;
import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The REPL at a real terminal (tmux) meeting an rsps server for the first time: it shows the fingerprint and asks. */
@Timeout(120)
class RspsReplTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static RshelldExtension server = TestServer.extension().ssh(false).build();

    @Test
    void asksAboutAnUnknownServerPinsItWhenToldYesAndRuns() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path status = home.resolve("status");
        List<String> words = new ArrayList<>(io.remoteshell.client.Jvm.command("io.remoteshell.client.cli.Rshell", "-Duser.home=" + home));
        words.addAll(List.of("--token-file", server.tokenFile().toString(), server.rspsUri().toString()));
        String line = "cd " + Words.quote(home.toString()) + " && HOME=" + Words.quote(home.toString()) + " "
                + String.join(" ", words.stream().map(Words::quote).toList());
        try (Tmux tmux = Tmux.start(Tmux.script(home, line, status).toString())) {
            String question = tmux.await("the question about the unknown server",
                    s -> s.contains("Are you sure you want to continue connecting (yes/no)?"));
            assertTrue(question.contains("The authenticity of host '[127.0.0.1]:" + server.rspsPort() + "' can't be established."),
                    question);
            assertTrue(question.contains("ECDSA key fingerprint is " + server.rspsFingerprint() + "."), question);
            tmux.line("yes");
            tmux.await("the prompt", s -> s.strip().endsWith("]$") || s.strip().endsWith("]#"));
            tmux.line("echo over-rsps-$((40+2))");
            tmux.await("the command's output", s -> s.contains("\nover-rsps-42\n"));
            tmux.line("exit");
            tmux.await("the end of the REPL", s -> s.contains(Tmux.ENDED));
        }
        assertEquals("0", Files.readString(status).strip());
        assertEquals("[127.0.0.1]:" + server.rspsPort() + " " + server.rspsFingerprint() + "\n",
                Files.readString(home.resolve(".rshell/known_hosts")));
    }
}
