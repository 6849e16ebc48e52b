package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.remoteshell.server.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A client that drops its TCP connection without SSH_MSG_DISCONNECT is an everyday event: DEBUG, not a WARN with a trace. */
@Timeout(60)
class SshDroppedConnectionTest {

    @TempDir
    Path dir;

    @Test
    void aResetConnectionIsLoggedAtDebugOnly() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger connection = (Logger) LoggerFactory.getLogger(SshConnection.class);
        Level configured = connection.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        connection.setLevel(Level.DEBUG);
        try (SshFixture f = SshFixture.start(dir, c -> c)) {
            int localPort;
            try (Socket s = new Socket("127.0.0.1", f.port())) {
                localPort = s.getLocalPort();
                s.getOutputStream().write("SSH-2.0-dropper\r\n".getBytes(StandardCharsets.US_ASCII));
                String banner = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertTrue(banner.startsWith("SSH-2.0-"), banner);
                s.setSoLinger(true, 0); // close with a TCP RST, as a process that exits with unread data does
            }
            String peer = "127.0.0.1:" + localPort;
            Await.until(Duration.ofSeconds(10), () -> logged(events).stream().anyMatch(e -> e.getLevel() == Level.DEBUG
                    && e.getFormattedMessage().contains(peer + " dropped the connection")), "the DEBUG line about " + peer);
            List<ILoggingEvent> warnings = logged(events).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            assertEquals(List.of(), warnings.stream().map(ILoggingEvent::getFormattedMessage).toList());
        } finally {
            root.detachAppender(events);
            connection.setLevel(configured);
        }
    }

    private static List<ILoggingEvent> logged(ListAppender<ILoggingEvent> events) {
        synchronized (events.list) {
            return List.copyOf(events.list);
        }
    }
}
