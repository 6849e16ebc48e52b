package io.remoteshell.client.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link RshelldExtension} for a {@link io.remoteshell.client.Session} over RSP/1, logged in with the user's
 * token. An unannotated {@code Session} parameter is RSP/1 too, unless the server has RSP/1 turned off.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Rsp {
}
