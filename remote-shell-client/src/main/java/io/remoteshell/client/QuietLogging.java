package io.remoteshell.client;

import java.util.ServiceLoader;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The library logs through SLF4J (as MINA SSHD does) and leaves the binding to the application. An application
 * without one would see SLF4J's "No SLF4J providers were found" warning on stderr, then get no logging anyway: in that
 * case the library names SLF4J's own no-operation provider instead, quietly, before the first logger exists. An
 * application with a binding, or that chose one with {@code -Dslf4j.provider}, is left as it is.
 */
final class QuietLogging {

    private static final String PROVIDER = "slf4j.provider";
    private static final String VERBOSITY = "slf4j.internal.verbosity";

    private QuietLogging() {
    }

    static void whenUnbound() {
        if (System.getProperty(PROVIDER) != null) {
            return;
        }
        ClassLoader loader = QuietLogging.class.getClassLoader();
        if (ServiceLoader.load(SLF4JServiceProvider.class, loader).findFirst().isPresent()) {
            return;
        }
        System.setProperty(PROVIDER, "org.slf4j.helpers.NOP_FallbackServiceProvider");
        if (System.getProperty(VERBOSITY) == null) {
            // Else SLF4J says at INFO that it loads the provider it was told to.
            System.setProperty(VERBOSITY, "WARN");
        }
    }
}
