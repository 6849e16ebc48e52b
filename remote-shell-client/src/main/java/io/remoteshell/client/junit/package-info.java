/**
 * A real rshelld for JUnit 5 tests: {@link io.remoteshell.client.junit.RshelldExtension}. Needs
 * {@code io.remoteshell:remote-shell-server} and {@code org.junit.jupiter:junit-jupiter-api} on the test class path;
 * the client library itself depends on neither (they are {@code provided} in its pom).
 */
package io.remoteshell.client.junit;
