package io.remoteshell.client;

import java.io.IOException;

/** Asks the person at the keyboard for a secret (an SSH password or key passphrase), without echoing it. */
@FunctionalInterface
public interface SecretPrompt {

    /** Never asks: authentication goes on without a password. */
    SecretPrompt NONE = (question, retry) -> null;

    /**
     * Asks {@code question} (such as {@code "alice@host's password: "}).
     *
     * @param retry true when the previous answer to this question was refused, so a remembered answer must not be reused
     * @return the secret, or null when the person declines (or nobody is there to ask)
     */
    String ask(String question, boolean retry) throws IOException;
}
