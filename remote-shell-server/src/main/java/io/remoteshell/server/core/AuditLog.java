package io.remoteshell.server.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STATE/audit.log: one JSON object per request, appended and flushed as each request ends, so
 * the log is complete up to the last finished request even if the server dies. Mode 0600.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One line. Null fields are left out; exactly one of command, argv, path is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            String time,
            @JsonProperty("front_end") String frontEnd,
            String peer,
            String user,
            String kind,
            String command,
            List<String> argv,
            String path,
            Integer code,
            String signal,
            @JsonProperty("timed_out") Boolean timedOut,
            String error,
            @JsonProperty("duration_ms") long durationMs,
            @JsonProperty("bytes_in") long bytesIn,
            @JsonProperty("bytes_out") long bytesOut) {
    }

    private final Path file;
    private final OutputStream out;

    public AuditLog(Path file) throws IOException {
        this.file = file;
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        this.out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** The ISO-8601 form used for {@link Entry#time()}. */
    public static String timestamp(Instant t) {
        return t.toString();
    }

    /** Appends one line; an audit failure is logged, never thrown at the request that caused it. */
    public void write(Entry entry) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(entry);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            synchronized (out) {
                out.write(line); // one write per line: an O_APPEND write is never interleaved with another
                out.flush();
            }
        } catch (IOException e) {
            LOG.error("cannot write to the audit log {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.close();
        }
    }
}
