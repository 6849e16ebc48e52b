package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** paramiko's open_sftp(): the everyday calls, and a file bigger than the window in both directions. */
@Timeout(180)
class ParamikoSftpTest extends ServerPerClass {

    static final int SFTP_BYTES = 20_000_000;

    @Test
    void sftpPutGetStatListdirRenameRemoveMkdirRmdir() throws Exception {
        JsonNode facts = server.python("paramiko_sftp.py", "sftp_operations").facts();
        assertEquals(16, facts.path("size_after_put").asInt());
        assertEquals(List.of("hello.txt"), ClientRun.texts(facts.path("listdir_after_put")));
        assertEquals(List.of("renamed.txt"), ClientRun.texts(facts.path("listdir_after_rename")));
        assertEquals("hello over sftp\n", facts.path("got_back").asText());
        assertEquals(0, facts.path("listdir_after_remove").size());
        assertEquals(List.of("kept.txt"), ClientRun.texts(facts.path("root_after_rmdir")));
        assertEquals("FileNotFoundError", facts.path("stat_after_rmdir").asText());
        assertEquals("hello over sftp\n", Files.readString(server.file("/kept.txt")));
        assertFalse(Files.exists(server.file("/deploy")));
    }

    @Test
    void sftpMovesTwentyMegabytesBothWaysIntact() {
        String downSha = Payloads.write(server.file("/sftp-download.bin"), SFTP_BYTES, 20);
        JsonNode facts = server.python("paramiko_sftp.py", "sftp_big_both_ways", "/sftp-download.bin", "/sftp-upload.bin",
                Integer.toString(SFTP_BYTES)).facts();
        assertEquals(SFTP_BYTES, facts.path("downloaded_bytes").asLong());
        assertEquals(downSha, facts.path("downloaded_sha256").asText());
        assertEquals(SFTP_BYTES, facts.path("uploaded_size_on_server").asLong());
        assertEquals(facts.path("uploaded_sha256").asText(), Payloads.sha256(server.file("/sftp-upload.bin")));
        System.out.printf("paramiko SFTP: 20 MB down at %.1f MB/s, up at %.1f MB/s%n",
                facts.path("down_mb_per_s").asDouble(), facts.path("up_mb_per_s").asDouble());
    }
}
