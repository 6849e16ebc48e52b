package io.remoteshell.client.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;

/**
 * rshell's logging set-up: warnings only, to stderr, as {@code rshell: LEVEL: message} (its stdout and stderr belong to
 * the remote command). Made in code, found by logback as a service: an XML file costs a one-shot run some 400 classes
 * (the XML parser, Joran, the pattern compiler) for three settings.
 * <p>
 * Only for the rshell command: {@link Rshell#main} asks for it with {@link #PROPERTY}; an application that uses the
 * library with logback keeps its own configuration, and a {@code -Dlogback.configurationFile} given to rshell wins.
 * {@code rshell.log.level} (-q: ERROR, -vv: DEBUG) and {@code rshell.log.sshd} (MINA's own log, ERROR unless -vv) are
 * read when the first logger is made.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {

    static final String PROPERTY = "rshell.logging";
    static final String CLI = "cli";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!CLI.equals(System.getProperty(PROPERTY)) || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        Line layout = new Line();
        layout.setContext(context);
        layout.start();
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        // MINA logs every refused key and reset connection as a warning; rshell reports what matters in its own words.
        context.getLogger("org.apache.sshd").setLevel(Level.toLevel(System.getProperty("rshell.log.sshd"), Level.ERROR));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("rshell.log.level"), Level.WARN));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code rshell: %level: %msg%n}, and the exception when there is one, as that pattern prints it. */
    static final class Line extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(128).append("rshell: ").append(event.getLevel()).append(": ")
                    .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
            }
            return line.toString();
        }
    }
}
