package io.remoteshell.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON mapping of RSP/1 payloads: UTF-8, unknown fields ignored (newer peers may add some).
 * <p>
 * The messages of {@link Messages} are written and read with Jackson's streaming API, field by field, in the order and
 * with the names the records' Jackson annotations give (optional fields of {@code NON_NULL} records left out when
 * null); Jackson databind, whose first use costs a one-shot {@code rshell} some 600 classes and a tenth of its time,
 * is only loaded for other objects ({@link #mapper()}, the UDP probe's). As databind was set up: unknown fields are
 * skipped, a null for a primitive field (or a missing one) is refused, nothing may follow the object.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Databind, made on first use: for payloads that are not {@link Messages} records. */
    static ObjectMapper mapper() {
        return Databind.MAPPER;
    }

    private static final class Databind {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public static byte[] encode(Object message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (JsonGenerator out = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
                if (!write(out, message)) {
                    return mapper().writeValueAsBytes(message);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a JSON payload; anything that is not a JSON object of that shape is a BAD_FRAME. */
    static <T> T decode(byte[] payload, Class<T> kind, Frame frame) throws FrameException {
        try {
            if (payload.length == 0 || payload[0] != '{') {
                throw new IOException("payload is not a JSON object");
            }
            Object message = read(payload, kind);
            return kind.cast(message != null ? message : mapper().readValue(payload, kind));
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new FrameException(ErrorCode.BAD_FRAME, frame.id(), frame.id() == 0,
                    "malformed " + frame.type() + " payload: " + why);
        }
    }

    // --- writing ---------------------------------------------------------------------------------------------

    /** @return false when {@code message} is not one of {@link Messages}' records */
    private static boolean write(JsonGenerator out, Object message) throws IOException {
        out.writeStartObject();
        if (message instanceof Messages.Hello m) {
            optional(out, "protocol", m.protocol());
            optional(out, "server", m.server());
            optional(out, "auth", m.auth());
            optional(out, "nonce", m.nonce());
            optional(out, "binding", m.binding());
            optional(out, "features", m.features());
            optional(out, "window", m.window());
        } else if (message instanceof Messages.Auth m) {
            optional(out, "user", m.user());
            optional(out, "mac", m.mac());
            optional(out, "features", m.features());
        } else if (message instanceof Messages.Window m) {
            out.writeNumberField("bytes", m.bytes());
        } else if (message instanceof Messages.AuthOk m) {
            out.writeStringField("user", m.user());
        } else if (message instanceof Messages.Exec m) {
            optional(out, "command", m.command());
            optional(out, "argv", m.argv());
            if (m.env() != null) {
                out.writeObjectFieldStart("env");
                for (Map.Entry<String, String> e : m.env().entrySet()) {
                    out.writeStringField(e.getKey(), e.getValue());
                }
                out.writeEndObject();
            }
            optional(out, "cwd", m.cwd());
            optional(out, "timeout_ms", m.timeoutMs());
            if (m.stdin() != null) {
                out.writeBooleanField("stdin", m.stdin());
            }
        } else if (message instanceof Messages.Signal m) {
            out.writeStringField("signal", m.signal());
        } else if (message instanceof Messages.Started m) {
            out.writeNumberField("pid", m.pid());
        } else if (message instanceof Messages.Exit m) {
            out.writeNumberField("code", m.code());
            out.writeStringField("signal", m.signal());
            out.writeBooleanField("timed_out", m.timedOut());
            out.writeNumberField("duration_ms", m.durationMs());
        } else if (message instanceof Messages.Put m) {
            optional(out, "path", m.path());
            optional(out, "size", m.size());
            optional(out, "mode", m.mode());
        } else if (message instanceof Messages.Get m) {
            out.writeStringField("path", m.path());
        } else if (message instanceof Messages.FileInfo m) {
            out.writeNumberField("size", m.size());
            out.writeStringField("mode", m.mode());
        } else if (message instanceof Messages.End m) {
            out.writeStringField("sha256", m.sha256());
        } else if (message instanceof Messages.Error m) {
            out.writeStringField("code", m.code());
            out.writeStringField("message", m.message());
        } else {
            return false;
        }
        out.writeEndObject();
        return true;
    }

    private static void optional(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    private static void optional(JsonGenerator out, String name, Long value) throws IOException {
        if (value != null) {
            out.writeNumberField(name, value);
        }
    }

    private static void optional(JsonGenerator out, String name, List<String> values) throws IOException {
        if (values != null) {
            out.writeArrayFieldStart(name);
            for (String v : values) {
                out.writeString(v);
            }
            out.writeEndArray();
        }
    }

    // --- reading ---------------------------------------------------------------------------------------------

    /** @return the record, or null when {@code kind} is not one of {@link Messages}' records */
    private static Object read(byte[] payload, Class<?> kind) throws IOException {
        if (kind.getEnclosingClass() != Messages.class || !kind.isRecord()) {
            return null;
        }
        Fields f;
        try (JsonParser in = FACTORY.createParser(payload)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("payload is not a JSON object");
            }
            f = new Fields(in);
            if (in.nextToken() != null) {
                throw new IOException("trailing content after the JSON object");
            }
        }
        if (kind == Messages.Hello.class) {
            return new Messages.Hello(f.text("protocol"), f.text("server"), f.texts("auth"), f.text("nonce"),
                    f.text("binding"), f.texts("features"), f.number("window"));
        } else if (kind == Messages.Auth.class) {
            return new Messages.Auth(f.text("user"), f.text("mac"), f.texts("features"));
        } else if (kind == Messages.Window.class) {
            return new Messages.Window(f.primitive("bytes"));
        } else if (kind == Messages.AuthOk.class) {
            return new Messages.AuthOk(f.text("user"));
        } else if (kind == Messages.Exec.class) {
            return new Messages.Exec(f.text("command"), f.texts("argv"), f.textMap("env"), f.text("cwd"),
                    f.number("timeout_ms"), f.bool("stdin"));
        } else if (kind == Messages.Signal.class) {
            return new Messages.Signal(f.text("signal"));
        } else if (kind == Messages.Started.class) {
            return new Messages.Started(f.primitive("pid"));
        } else if (kind == Messages.Exit.class) {
            long code = f.primitive("code");
            if (code != (int) code) {
                throw new IOException("code " + code + " is out of range");
            }
            Boolean timedOut = f.bool("timed_out");
            if (timedOut == null) {
                throw new IOException("field \"timed_out\" is missing or null");
            }
            return new Messages.Exit((int) code, f.text("signal"), timedOut, f.primitive("duration_ms"));
        } else if (kind == Messages.Put.class) {
            return new Messages.Put(f.text("path"), f.number("size"), f.text("mode"));
        } else if (kind == Messages.Get.class) {
            return new Messages.Get(f.text("path"));
        } else if (kind == Messages.FileInfo.class) {
            return new Messages.FileInfo(f.primitive("size"), f.text("mode"));
        } else if (kind == Messages.End.class) {
            return new Messages.End(f.text("sha256"));
        } else if (kind == Messages.Error.class) {
            return new Messages.Error(f.text("code"), f.text("message"));
        }
        return null;
    }

    /**
     * The fields of one JSON object, each as a String, Long, Boolean, null, a list of them or a map of them; what else
     * a field holds (a nested object or array of other things, a fraction) is kept as {@link #OTHER} and refused only
     * when the message has a field of that name.
     */
    private static final class Fields {
        private static final Object OTHER = new Object();
        private final Map<String, Object> values = new HashMap<>();

        Fields(JsonParser in) throws IOException {
            for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
                String name = in.currentName();
                values.put(name, value(in, in.nextToken(), true));
            }
        }

        private static Object value(JsonParser in, JsonToken t, boolean nest) throws IOException {
            switch (t) {
                case VALUE_STRING:
                    return in.getText();
                case VALUE_NUMBER_INT:
                    return in.getLongValue();
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                case START_ARRAY:
                    if (!nest) {
                        in.skipChildren();
                        return OTHER;
                    }
                    List<Object> list = new ArrayList<>();
                    boolean other = false;
                    for (JsonToken e = in.nextToken(); e != JsonToken.END_ARRAY; e = in.nextToken()) {
                        Object v = value(in, e, false);
                        other |= v == OTHER;
                        list.add(v);
                    }
                    return other ? OTHER : list;
                case START_OBJECT:
                    if (!nest) {
                        in.skipChildren();
                        return OTHER;
                    }
                    Map<String, Object> map = new LinkedHashMap<>();
                    boolean odd = false;
                    for (JsonToken e = in.nextToken(); e != JsonToken.END_OBJECT; e = in.nextToken()) {
                        String key = in.currentName();
                        Object v = value(in, in.nextToken(), false);
                        odd |= v == OTHER;
                        map.put(key, v);
                    }
                    return odd ? OTHER : new Obj(map);
                default:
                    return OTHER; // a fraction
            }
        }

        /** A nested object, told apart from a list. */
        private record Obj(Map<String, Object> map) {
        }

        private IOException wrong(String name, String what) {
            return new IOException("field \"" + name + "\" is not " + what);
        }

        String text(String name) throws IOException {
            Object v = values.get(name);
            if (v == null || v instanceof String) {
                return (String) v;
            }
            if (v instanceof Long || v instanceof Boolean) {
                return v.toString(); // databind's scalar coercion
            }
            throw wrong(name, "a string");
        }

        Long number(String name) throws IOException {
            Object v = values.get(name);
            if (v == null || v instanceof Long) {
                return (Long) v;
            }
            if (v instanceof String s) {
                try {
                    return Long.valueOf(s.trim()); // databind's scalar coercion
                } catch (NumberFormatException e) {
                    throw wrong(name, "a whole number");
                }
            }
            throw wrong(name, "a whole number");
        }

        /** A field of a primitive type: absent or null is refused, as databind refuses a record without it. */
        long primitive(String name) throws IOException {
            Long v = number(name);
            if (v == null) {
                throw new IOException("field \"" + name + "\" is missing or null");
            }
            return v;
        }

        Boolean bool(String name) throws IOException {
            Object v = values.get(name);
            if (v == null || v instanceof Boolean) {
                return (Boolean) v;
            }
            if ("true".equals(v) || "false".equals(v)) {
                return Boolean.valueOf((String) v); // databind's scalar coercions
            }
            if (v instanceof Long n) {
                return n != 0;
            }
            throw wrong(name, "true or false");
        }

        List<String> texts(String name) throws IOException {
            Object v = values.get(name);
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?> list)) {
                throw wrong(name, "a list of strings");
            }
            List<String> out = new ArrayList<>(list.size());
            for (Object e : list) {
                if (e != null && !(e instanceof String) && !(e instanceof Long) && !(e instanceof Boolean)) {
                    throw wrong(name, "a list of strings");
                }
                out.add(e == null ? null : e.toString());
            }
            return out;
        }

        Map<String, String> textMap(String name) throws IOException {
            Object v = values.get(name);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Obj obj)) {
                throw wrong(name, "an object of strings");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : obj.map().entrySet()) {
                Object x = e.getValue();
                if (x != null && !(x instanceof String) && !(x instanceof Long) && !(x instanceof Boolean)) {
                    throw wrong(name, "an object of strings");
                }
                out.put(e.getKey(), x == null ? null : x.toString());
            }
            return out;
        }
    }
}
