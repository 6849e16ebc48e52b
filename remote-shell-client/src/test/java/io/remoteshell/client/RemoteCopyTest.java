package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.remoteshell.client.junit.RshelldExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RemoteCopy}, the library's scp, against a real server over each transport: trees both ways with their modes
 * and contents, scp's directory rules, and no partial file after a failed check. The server runs on this machine, so
 * the remote side is checked on the local file system.
 */
@Timeout(120)
class RemoteCopyTest {

    @RegisterExtension
    static RshelldExtension server = RshelldExtension.builder().build();
    @TempDir
    Path dir;
    Session session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private Session connect(String transport) throws IOException {
        session = switch (transport) {
            case "rsp" -> server.connectRsp();
            case "rsps" -> RemoteShell.connect(server.server().rspsUri(), Credentials.tokenFile(server.tokenFile()),
                    ServerPins.acceptNew(dir.resolve("pins")), RemoteShell.DEFAULT_CONNECT_TIMEOUT);
            default -> server.connectSsh();
        };
        return session;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsp", "rsps", "ssh"})
    void aTreeGoesUpIntoAnExistingDirectoryAndComesBackAsANewOneWithModesAndContent(String transport) throws IOException {
        Path tree = FileTrees.make(Files.createDirectory(dir.resolve("local")));
        Path remote = Files.createDirectory(dir.resolve("remote"));
        RemoteCopy copy = RemoteCopy.over(connect(transport)).recursive(true);

        copy.upload(tree, remote.toString());
        assertEquals(FileTrees.describe(tree), FileTrees.describe(remote.resolve("tree")), "into an existing directory, under its own name");
        assertEquals(7, FileTrees.describe(tree).size() - 1, "the tree has all it should: " + FileTrees.describe(tree).keySet());

        Path back = dir.resolve("back");
        copy.download(remote.resolve("tree").toString(), back);
        assertEquals(FileTrees.describe(tree), FileTrees.describe(back), "to a missing name: the copy is made under that name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsp", "ssh"})
    void scpsDirectoryRules(String transport) throws IOException {
        Path tree = FileTrees.make(Files.createDirectory(dir.resolve("local")));
        Path file = Files.writeString(dir.resolve("one.txt"), "one\n");
        Path remote = Files.createDirectory(dir.resolve("remote"));
        RemoteCopy copy = RemoteCopy.over(connect(transport));

        CopyRefusedException noR = assertThrows(CopyRefusedException.class, () -> copy.upload(tree, remote.toString()));
        assertTrue(noR.getMessage().contains("is a directory: copy it recursively"), noR.getMessage());
        CopyRefusedException downNoR = assertThrows(CopyRefusedException.class, () -> copy.download(remote.toString(), dir));
        assertTrue(downNoR.getMessage().startsWith(remote + " is a directory: copy it recursively"), downNoR.getMessage());
        CopyRefusedException slash = assertThrows(CopyRefusedException.class, () -> copy.upload(file, remote + "/missing/"));
        assertTrue(slash.getMessage().startsWith(remote + "/missing/: no such remote directory"), slash.getMessage());
        CopyRefusedException many = assertThrows(CopyRefusedException.class,
                () -> copy.upload(List.of(file, file), remote + "/missing"));
        assertTrue(many.getMessage().contains("copying 2 sources needs an existing directory"), many.getMessage());
        Files.writeString(remote.resolve("plain"), "x");
        CopyRefusedException ontoFile = assertThrows(CopyRefusedException.class,
                () -> copy.upload(List.of(file, file), remote + "/plain"));
        assertTrue(ontoFile.getMessage().startsWith(remote + "/plain is not a directory"), ontoFile.getMessage());
        CopyRefusedException treeOverFile = assertThrows(CopyRefusedException.class,
                () -> copy.recursive(true).upload(tree, remote + "/plain"));
        assertTrue(treeOverFile.getMessage().contains("cannot copy the directory"), treeOverFile.getMessage());
        assertEquals(List.of("plain"), list(remote), "nothing made by a refused copy");

        copy.upload(tree, remote + "/new");
        assertEquals(FileTrees.describe(tree), FileTrees.describe(remote.resolve("new")), "to a missing name: made under that name");
        Path local = Files.createDirectory(dir.resolve("into"));
        copy.download(List.of(remote + "/new", remote + "/plain"), local);
        assertEquals(FileTrees.describe(tree), FileTrees.describe(local.resolve("new")), "into an existing directory, under its own name");
        assertEquals("x", Files.readString(local.resolve("plain")));
        CopyRefusedException downMany = assertThrows(CopyRefusedException.class,
                () -> copy.download(List.of(remote + "/plain", remote + "/new"), local.resolve("plain")));
        assertTrue(downMany.getMessage().contains("is not a directory"), downMany.getMessage());
        assertThrows(RemoteErrorException.class, () -> copy.download(remote + "/absent", local));
    }

    @Test
    void aFileThatFailsItsChecksumIsNotLeftBehind() throws IOException {
        // The server's file changes after its first chunk was sent: the bytes received no longer match the SHA-256 the
        // server then computes (SFTP's check), so that file must not appear; the one copied before it stays.
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Files.writeString(remote.resolve("a-first"), "fine\n");
        byte[] big = new byte[1 << 20];
        new Random(3).nextBytes(big);
        Path changing = Files.write(remote.resolve("b-changing"), big);
        AtomicBoolean changed = new AtomicBoolean();
        RemoteCopy copy = RemoteCopy.over(connect("ssh")).recursive(true).listeners(source -> !source.endsWith("b-changing")
                ? TransferListener.NONE : new TransferListener() {
                    @Override
                    public void progressed(long bytesSoFar) {
                        if (!changed.getAndSet(true)) {
                            try {
                                Files.write(changing, new byte[big.length]);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }
                });
        Path back = dir.resolve("back");
        assertThrows(ChecksumMismatchException.class, () -> copy.download(remote.toString(), back));
        assertTrue(changed.get());
        assertEquals(List.of("a-first"), list(back), "no partial b-changing, no temporary file");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
