package io.remoteshell.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

/** TARGET as ssh reads it, with -l and -p filling in what it leaves out. */
class TargetsTest {

    @Test
    void bareUserAtHostIsSshAndOptionsFillGaps() throws URISyntaxException {
        assertEquals("ssh://alice@web1", Targets.parse("alice@web1", null, null).toString());
        assertEquals("ssh://bob@web1:2222", Targets.parse("web1", "bob", 2222).toString());
        assertEquals("ssh://alice@web1:22", Targets.parse("ssh://alice@web1:22", "bob", 2222).toString(), "what TARGET says wins");
        assertEquals("rsp://alice@127.0.0.1:9901", Targets.parse("rsp://alice@127.0.0.1:9901", "bob", 1).toString());
        assertEquals("rsp://carol@h:7", Targets.parse("rsp://h", "carol", 7).toString());
        assertThrows(URISyntaxException.class, () -> Targets.parse("", null, null));
        assertThrows(URISyntaxException.class, () -> Targets.parse("ssh://", null, null));
    }
}
