package io.remoteshell.client.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link RshelldExtension} for a {@link io.remoteshell.client.Session} over rsps (RSP/1 inside TLS 1.3), logged
 * in with the user's token and pinned strictly to the embedded server's own key (its
 * {@link io.remoteshell.server.EmbeddedRshelld#rspsKnownHosts() rsps_known_hosts} file): no other key is accepted.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Rsps {
}
