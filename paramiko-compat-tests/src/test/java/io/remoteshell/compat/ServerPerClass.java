package io.remoteshell.compat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real rshelld, with the default settings, for all the tests of a class: started before the
 * first, stopped after the last, in a temporary directory of that class's own.
 */
abstract class ServerPerClass {

    @TempDir
    static Path dir;
    static CompatServer server;

    @BeforeAll
    static void startServer() {
        server = CompatServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
