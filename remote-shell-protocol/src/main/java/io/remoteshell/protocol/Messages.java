package io.remoteshell.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON payloads of RSP/1, one record per frame type that carries JSON.
 * Field names are the wire names; optional fields are null when absent.
 */
public final class Messages {

    private Messages() {
    }

    /** The optional feature a client opts in to: per-request flow control of STDIN and DATA with WINDOW frames. */
    public static final String FEATURE_WINDOW = "window";

    /**
     * HELLO, sent by the server at once on connect. {@code binding} is {@link AuthMac#TLS_SERVER_END_POINT} over TLS
     * (the AUTH mac then covers the server certificate), absent over plain TCP. {@code features} and {@code window}
     * (the bytes of STDIN or DATA a client may send per request before a WINDOW grants more) are absent from servers
     * without flow control.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hello(String protocol, String server, List<String> auth, String nonce, String binding,
                        List<String> features, Long window) {
        public static final String PROTOCOL = "rsp/1";

        /** A HELLO without channel binding or optional features. */
        public Hello(String protocol, String server, List<String> auth, String nonce) {
            this(protocol, server, auth, nonce, null, null, null);
        }

        /** A HELLO without optional features. */
        public Hello(String protocol, String server, List<String> auth, String nonce, String binding) {
            this(protocol, server, auth, nonce, binding, null, null);
        }

        public boolean offers(String feature) {
            return features != null && features.contains(feature) && window != null && window > 0;
        }
    }

    /**
     * AUTH: the user and base64 HMAC-SHA256(key = token bytes, msg = nonce bytes); {@code features} lists the optional
     * features of the HELLO the client opts in to (absent: none).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Auth(String user, String mac, List<String> features) {
        public Auth(String user, String mac) {
            this(user, mac, null);
        }

        public boolean wants(String feature) {
            return features != null && features.contains(feature);
        }
    }

    /** WINDOW: the client may send {@code bytes} more of STDIN (EXEC) or DATA (PUT) for the request. */
    public record Window(long bytes) {
    }

    /** AUTH_OK. */
    public record AuthOk(String user) {
    }

    /**
     * EXEC: exactly one of {@code command} (run by /bin/sh -c) or {@code argv} (run directly).
     * {@code stdin} false or absent means the command's stdin is closed at once.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Exec(
            String command,
            List<String> argv,
            Map<String, String> env,
            String cwd,
            @JsonProperty("timeout_ms") Long timeoutMs,
            Boolean stdin) {

        public static Exec command(String command) {
            return new Exec(command, null, null, null, null, null);
        }

        public static Exec argv(List<String> argv) {
            return new Exec(null, List.copyOf(argv), null, null, null, null);
        }

        public boolean wantsStdin() {
            return Boolean.TRUE.equals(stdin);
        }
    }

    /** SIGNAL: one of INT, TERM, KILL, HUP, QUIT, for the request's whole process group. */
    public record Signal(String signal) {
    }

    /** STARTED: the process id, which is also its process group and session id. */
    public record Started(long pid) {
    }

    /** EXIT: the last frame of an EXEC. {@code signal} is null unless the process died of one. */
    public record Exit(
            int code,
            String signal,
            @JsonProperty("timed_out") boolean timedOut,
            @JsonProperty("duration_ms") long durationMs) {
    }

    /** PUT: a file of {@code size} bytes follows as DATA frames, then END. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Put(String path, Long size, String mode) {
    }

    /** GET. */
    public record Get(String path) {
    }

    /** FILE: the server's answer to GET, before the DATA frames. */
    public record FileInfo(long size, String mode) {
    }

    /** END: the lowercase hex SHA-256 of all DATA bytes of the transfer. */
    public record End(String sha256) {
    }

    /** ERROR: ends the request with the frame's id (id 0: the connection). */
    public record Error(String code, String message) {
    }
}
