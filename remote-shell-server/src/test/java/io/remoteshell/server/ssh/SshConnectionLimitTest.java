package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --max-connections applies to SSH too: one more connection is told why and refused; a freed slot serves again. */
@Timeout(60)
class SshConnectionLimitTest {

    @TempDir
    Path dir;

    @Test
    void connectionsBeyondTheLimitAreRefusedWithAReason() throws Exception {
        try (SshFixture f = SshFixture.start(dir, c -> c.withMaxConnections(2))) {
            ClientSession first = f.mina();
            try (ClientSession second = f.mina()) {
                SshTools.Result refused = f.run("echo", "in");
                assertEquals(255, refused.exit(), refused.toString());
                assertTrue(refused.stderr().contains("maximum of 2 connections"), refused.stderr());
                first.close(false).await();
                SshTools.Result served = f.run("echo", "in");
                assertEquals(0, served.exit(), served.toString());
                assertEquals("in\n", served.out());
            }
        }
    }
}
