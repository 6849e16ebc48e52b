package io.remoteshell.client.ssh;

import io.remoteshell.client.AuthenticationException;
import io.remoteshell.client.SecretPrompt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reads private key files (OpenSSH or PEM), asking for the passphrase of an encrypted one. */
final class IdentityFiles {

    private IdentityFiles() {
    }

    static List<KeyPair> load(List<Path> files, SecretPrompt prompt) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
        for (Path file : files) {
            FilePasswordProvider passphrase = (session, resource, retryIndex) ->
                    prompt.ask("Enter passphrase for key '" + file + "': ", retryIndex > 0);
            NamedResource resource = new PathResource(file);
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> found = SecurityUtils.loadKeyPairIdentities(null, resource, in, passphrase);
                if (found != null) {
                    found.forEach(keys::add);
                }
            } catch (NoSuchFileException e) {
                throw new AuthenticationException("identity file " + file + " does not exist");
            } catch (GeneralSecurityException | IOException e) {
                throw new AuthenticationException("cannot read the private key in " + file + ": " + e.getMessage()
                        + " — is it an OpenSSH or PEM private key (not the .pub file), with the right passphrase?");
            }
        }
        return keys;
    }
}
