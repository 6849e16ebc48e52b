package io.remoteshell.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounded pipe behind a remote process's output streams. */
@Timeout(30)
class StreamBufferTest {

    @Test
    void writerWaitsWhileFullAndReaderGetsEverythingInOrder() throws Exception {
        StreamBuffer buffer = new StreamBuffer(16);
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                buffer.write(data, 0, data.length);
                buffer.finish();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        InputStream in = buffer.inputStream();
        Deadline.await(Duration.ofSeconds(10), "the buffer to fill", () -> safeAvailable(in) == 16);
        assertFalse(writer.isDone(), "a full buffer holds the writer back");
        assertArrayEquals(data, in.readAllBytes());
        writer.get(10, TimeUnit.SECONDS);
        assertEquals(-1, in.read());
    }

    @Test
    void failureComesAfterTheBufferedBytes() throws Exception {
        StreamBuffer buffer = new StreamBuffer(16);
        buffer.write(new byte[] {1, 2, 3}, 0, 3);
        IOException lost = new IOException("lost");
        buffer.fail(lost);
        InputStream in = buffer.inputStream();
        assertArrayEquals(new byte[] {1, 2, 3}, in.readNBytes(3));
        assertSame(lost, assertThrows(IOException.class, in::read));
    }

    @Test
    void closingTheReaderReleasesTheWriter() throws Exception {
        StreamBuffer buffer = new StreamBuffer(4);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                buffer.write(new byte[100], 0, 100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        InputStream in = buffer.inputStream();
        Deadline.await(Duration.ofSeconds(10), "the buffer to fill", () -> safeAvailable(in) == 4);
        in.close();
        writer.get(10, TimeUnit.SECONDS);
        assertTrue(writer.isDone());
        assertThrows(IOException.class, in::read);
    }

    private static int safeAvailable(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
