package io.remoteshell.client.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link RshelldExtension} for a {@link io.remoteshell.client.Session} over SSH, logged in with the user's
 * generated Ed25519 key and checking the host key strictly against the server's known_hosts file.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Ssh {
}
