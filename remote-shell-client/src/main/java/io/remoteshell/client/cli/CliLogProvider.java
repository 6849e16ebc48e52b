package io.remoteshell.client.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.Util;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of the rshell command: logback's, as {@code LogbackServiceProvider} makes it, but set up by
 * {@link CliLogging} directly. Named to SLF4J by {@link Rshell#main} ({@code -Dslf4j.provider}), so SLF4J neither
 * scans the jar for providers nor does logback look for configurators, check its versions, and build its status
 * messages (string concatenations whose method handles the JVM spins at run time, outside the class-data archive):
 * together a fifth of a one-shot {@code rshell rsp://HOST true}. With {@code -Dlogback.configurationFile} or
 * {@code -Dlogback.statusListenerClass} it does what logback's own provider does.
 */
public final class CliLogProvider implements SLF4JServiceProvider {

    /** SLF4J's system property that names the provider to use. */
    static final String SLF4J_PROVIDER = "slf4j.provider";

    private LoggerContext context;
    private IMarkerFactory markers;
    private LogbackMDCAdapter mdc;

    @Override
    public void initialize() {
        context = new LoggerContext();
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        mdc = new LogbackMDCAdapter();
        context.setMDCAdapter(mdc);
        CliLogging cli = new CliLogging();
        cli.setContext(context);
        if (System.getProperty("logback.statusListenerClass") != null
                || cli.configure(context) != Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY) {
            try {
                new ContextInitializer(context).autoConfig();
            } catch (Exception e) {
                Util.report("Failed to auto configure default logger context", e);
            }
            if (!StatusUtil.contextHasStatusListener(context)) {
                StatusPrinter.printInCaseOfErrorsOrWarnings(context);
            }
        }
        context.start();
        markers = new BasicMarkerFactory();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
