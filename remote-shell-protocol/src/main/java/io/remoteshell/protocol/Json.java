package io.remoteshell.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON mapping of RSP/1 payloads: UTF-8, unknown fields ignored (newer peers may add some). */
public final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a JSON payload; anything that is not a JSON object of that shape is a BAD_FRAME. */
    static <T> T decode(byte[] payload, Class<T> kind, Frame frame) throws FrameException {
        try {
            if (payload.length == 0 || payload[0] != '{') {
                throw new IOException("payload is not a JSON object");
            }
            return MAPPER.readValue(payload, kind);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new FrameException(ErrorCode.BAD_FRAME, frame.id(), frame.id() == 0,
                    "malformed " + frame.type() + " payload: " + why);
        }
    }
}
