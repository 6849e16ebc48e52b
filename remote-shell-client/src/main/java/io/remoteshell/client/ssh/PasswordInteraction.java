package io.remoteshell.client.ssh;

import io.remoteshell.client.Endpoint;
import io.remoteshell.client.SecretPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.session.ClientSession;

/**
 * Password and keyboard-interactive authentication through a {@link SecretPrompt}. The first
 * question of a connection may be answered from memory (a reconnect reuses the password); any
 * further one in the same connection means the answer was refused, so it is asked afresh.
 */
final class PasswordInteraction implements UserInteraction {

    private final SecretPrompt prompt;
    private final Endpoint endpoint;
    private int asked;

    PasswordInteraction(SecretPrompt prompt, Endpoint endpoint) {
        this.prompt = prompt;
        this.endpoint = endpoint;
    }

    @Override
    public synchronized String resolveAuthPasswordAttempt(ClientSession session) throws IOException {
        return prompt.ask(endpoint.user() + "@" + endpoint.host() + "'s password: ", asked++ > 0);
    }

    @Override
    public synchronized String[] interactive(ClientSession session, String name, String instruction, String lang,
                                             String[] prompts, boolean[] echo) {
        String[] answers = new String[prompts.length];
        try {
            for (int i = 0; i < prompts.length; i++) {
                answers[i] = prompt.ask(prompts[i], asked++ > 0);
                if (answers[i] == null) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answers;
    }

    @Override
    public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
        // Changing an expired password is for an interactive ssh session, not for rshell.
        return null;
    }
}
