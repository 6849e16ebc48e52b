package io.remoteshell.server.ssh;

import io.remoteshell.server.core.ServerCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may log in over SSH: users of the shared {@link io.remoteshell.server.core.UserStore}, by a
 * key in their own STATE/users/NAME/authorized_keys (honouring {@code from=}, {@code command=}
 * and {@code no-pty}) or by their Argon2id password. Both are read from disk at each attempt.
 * <p>
 * A failure is logged with the peer address and answered after the shared {@link
 * io.remoteshell.server.core.AuthThrottle}'s growing delay. MINA authenticators run on its NIO
 * threads, so nothing here sleeps or hashes there: a failed password throws {@link AsyncAuthException}
 * and a timer completes it later, and password hashing runs on a small pool of its own.
 * <p>
 * A refused key is answered at once: MINA SSHD 2.20 allows asynchronous answers only for
 * password and keyboard-interactive, and a key cannot be guessed, so there is nothing to slow down.
 * The failure still counts towards the address's limit, which refuses every method once reached.
 */
final class SshAuthenticator implements PublickeyAuthenticator, PasswordAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(SshAuthenticator.class);
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final ServerCore core;
    private final ScheduledExecutorService timer;
    /** Argon2id costs ~19 MiB and ~0.1 s per check: two at a time, a short queue, and refusal beyond it. */
    private final ThreadPoolExecutor hashing = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "ssh-password-check");
                t.setDaemon(true);
                return t;
            });

    SshAuthenticator(ServerCore core, ScheduledExecutorService timer) {
        this.core = core;
        this.timer = timer;
    }

    /** Called for the key query and again for the signed request; only the signed one can end in success. */
    @Override
    public boolean authenticate(String user, PublicKey key, ServerSession session) {
        // No throttle check first: a signature cannot be guessed, so others' failures on this address never refuse it.
        Optional<Map<String, String>> options = authorizedOptions(user, key, session);
        if (options.isEmpty()) {
            core.throttle().failed(SshLogin.address(session));
            LOG.warn("failed publickey {} authentication as \"{}\" from {}", KeyUtils.getFingerPrint(key), user,
                    SshLogin.peer(session));
            return false;
        }
        Map<String, String> o = options.get();
        session.setAttribute(SshLogin.KEY, new SshLogin("publickey " + KeyUtils.getFingerPrint(key),
                o.get("command"), "true".equals(o.get("no-pty")) || "true".equals(o.get("restrict"))));
        return true;
    }

    @Override
    public boolean authenticate(String user, String password, ServerSession session) throws AsyncAuthException {
        if (throttled(user, "password", session)) {
            return false;
        }
        AsyncAuthException pending = new AsyncAuthException();
        try {
            hashing.execute(() -> {
                boolean ok;
                try {
                    ok = core.users().checkPassword(user, password.toCharArray());
                } catch (IOException | RuntimeException e) {
                    LOG.error("checking the password of \"{}\" failed: {}", user, e.toString());
                    ok = false;
                }
                if (ok) {
                    session.setAttribute(SshLogin.KEY, new SshLogin("password", null, false));
                    pending.setAuthed(true);
                } else {
                    failLater(pending, user, "password", session);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("refused password authentication as \"{}\" from {}: too many password checks in progress",
                    user, SshLogin.peer(session));
            return false;
        }
        throw pending;
    }

    /** A successful login clears the address's run of failures (a mere key query must not: public keys are public). */
    void succeeded(ServerSession session) {
        core.throttle().succeeded(SshLogin.address(session));
        LOG.info("ssh: {} logged in from {} by {}", session.getUsername(), SshLogin.peer(session), SshLogin.of(session).method());
    }

    void close() {
        hashing.shutdownNow();
    }

    private boolean throttled(String user, String method, ServerSession session) {
        Duration wait = core.throttle().retryAfter(SshLogin.address(session));
        if (wait.isZero()) {
            return false;
        }
        LOG.warn("refused {} authentication as \"{}\" from {}: too many failures, allowed again in {} s",
                method, user, SshLogin.peer(session), Math.max(1, (wait.toMillis() + 999) / 1000));
        return true;
    }

    private void failLater(AsyncAuthException pending, String user, String method, ServerSession session) {
        Duration delay = core.throttle().failed(SshLogin.address(session));
        LOG.warn("failed {} authentication as \"{}\" from {}", method, user, SshLogin.peer(session));
        timer.schedule(() -> pending.setAuthed(false), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The options of the first authorized_keys line of {@code user} holding {@code key} whose from= admits the client. */
    private Optional<Map<String, String>> authorizedOptions(String user, PublicKey key, ServerSession session) {
        if (!core.users().exists(user)) {
            return Optional.empty();
        }
        Path file = core.users().authorizedKeysFile(user);
        List<String> lines;
        try {
            if (Files.getPosixFilePermissions(file).stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
                LOG.warn("ignoring {}: it is writable by group or others, so anyone could add a key; fix with: chmod 600 {}",
                        file, file);
                return Optional.empty();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
        for (int i = 0; i < lines.size(); i++) {
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(lines.get(i));
                if (entry == null) {
                    continue;
                }
                PublicKey listed = entry.resolvePublicKey(session, entry.getLoginOptions(), PublicKeyEntryResolver.IGNORING);
                if (listed == null || !KeyUtils.compareKeys(listed, key)) {
                    continue;
                }
                Map<String, String> options = entry.getLoginOptions();
                String from = options.get("from");
                if (from != null && !AddressPatterns.allows(from,
                        ((InetSocketAddress) session.getClientAddress()).getAddress())) {
                    LOG.warn("key {} of \"{}\" is not allowed from {} (from=\"{}\" in {} line {})",
                            KeyUtils.getFingerPrint(key), user, SshLogin.peer(session), from, file, i + 1);
                    continue;
                }
                return Optional.of(options);
            } catch (IOException | RuntimeException | GeneralSecurityException e) {
                LOG.warn("skipping {} line {}: {}", file, i + 1, e.getMessage());
            }
        }
        return Optional.empty();
    }
}
