package io.remoteshell.client.cli;

import io.remoteshell.client.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the token to authenticate as a user: {@code --token-file}, else {@code RSHELL_TOKEN},
 * else the local server's token file for that user, so that a client next to its server needs no setup.
 */
final class TokenLookup {

    static final String ENV = "RSHELL_TOKEN";

    /** A token and where it came from, for the message when the server refuses it. */
    record Found(Credentials credentials, String source) {
    }

    private TokenLookup() {
    }

    static Found find(Path tokenFile, String user, Map<String, String> env, Path home) throws IOException {
        if (tokenFile != null) {
            return new Found(Credentials.tokenFile(tokenFile), "--token-file " + tokenFile);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Found(Credentials.token(fromEnv), "$" + ENV);
        }
        Path local = localServerToken(home, user);
        if (Files.isRegularFile(local)) {
            return new Found(Credentials.tokenFile(local), local.toString());
        }
        throw new IOException("no token for user " + user + ": pass --token-file FILE, set " + ENV
                + ", or run rshelld here (it keeps the token in " + local + ")");
    }

    static Path localServerToken(Path home, String user) {
        return home.resolve(".rshell").resolve("server").resolve("users").resolve(user).resolve("token");
    }
}
