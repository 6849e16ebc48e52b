package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order rshell looks for a token in: --token-file, RSHELL_TOKEN, the local server's file. */
class TokenLookupTest {

    @TempDir
    Path home;

    @Test
    void flagThenEnvironmentThenLocalServer() throws IOException {
        Path local = TokenLookup.localServerToken(home, "bob");
        Files.createDirectories(local.getParent());
        Files.writeString(local, "from-home\n");
        Path flag = Files.writeString(home.resolve("flag-token"), "from-flag\n");

        assertEquals("from-flag", TokenLookup.find(flag, "bob", Map.of("RSHELL_TOKEN", "from-env"), home).credentials().token());
        assertEquals("from-env", TokenLookup.find(null, "bob", Map.of("RSHELL_TOKEN", "from-env"), home).credentials().token());
        assertEquals("from-home", TokenLookup.find(null, "bob", Map.of(), home).credentials().token());
    }

    @Test
    void nothingFoundListsTheThreePlaces() {
        IOException e = assertThrows(IOException.class, () -> TokenLookup.find(null, "bob", Map.of(), home));
        assertTrue(e.getMessage().contains("--token-file"), e.getMessage());
        assertTrue(e.getMessage().contains("RSHELL_TOKEN"), e.getMessage());
        assertTrue(e.getMessage().contains(home.resolve(".rshell/server/users/bob/token").toString()), e.getMessage());
    }
}
