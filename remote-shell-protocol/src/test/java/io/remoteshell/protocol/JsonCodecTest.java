package io.remoteshell.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming codec of {@link Json} writes what Jackson databind writes for every message, and reads (or refuses)
 * payloads as databind, set up as the protocol had it, reads them.
 */
class JsonCodecTest {

    private static Object decode(String json, Class<?> kind) throws FrameException {
        return Json.decode(json.getBytes(StandardCharsets.UTF_8), kind, new Frame(FrameType.EXEC, 1, new byte[0]));
    }

    @Test
    void everyMessageIsWrittenAsDatabindWritesItAndReadsBack() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("K", "v");
        env.put("Z", "a\"b");
        List<Object> messages = List.of(
                new Messages.Hello("rsp/1", "rshelld 0.1", List.of("token"), "abc"),
                new Messages.Hello("rsp/1", "s", List.of("token", "x"), "n", "tls-server-end-point", List.of("window"), 262144L),
                new Messages.Hello(null, null, null, null), new Messages.Auth("u", "m"),
                new Messages.Auth("u", "m", List.of("window")), new Messages.Auth(null, null, null), new Messages.Window(5),
                new Messages.AuthOk("bob"), new Messages.AuthOk(null), Messages.Exec.command("true"),
                Messages.Exec.argv(List.of("a", "b\"\u0000\u00e9\n")), new Messages.Exec("c", null, env, "/tmp", 1500L, true),
                new Messages.Exec(null, null, null, null, null, false), new Messages.Signal("INT"), new Messages.Signal(null),
                new Messages.Started(123), new Messages.Exit(0, null, false, 12), new Messages.Exit(-1, "KILL", true, Long.MAX_VALUE),
                new Messages.Put("p", 5L, "0644"), new Messages.Put("p", null, null), new Messages.Get("g"), new Messages.Get(null),
                new Messages.FileInfo(10, "0755"), new Messages.FileInfo(0, null), new Messages.End("ab"), new Messages.End(null),
                new Messages.Error("BAD_FRAME", "x \n y"), new Messages.Error(null, null));
        for (Object m : messages) {
            String ours = new String(Json.encode(m), StandardCharsets.UTF_8);
            assertEquals(new String(Json.mapper().writeValueAsBytes(m), StandardCharsets.UTF_8), ours);
            assertEquals(m, decode(ours, m.getClass()), ours);
        }
    }

    @Test
    void payloadsAreReadOrRefusedAsDatabindReadsOrRefusesThem() throws Exception {
        String[][] payloads = {
            {"Exit", "{\"code\":null}"}, {"Exit", "{}"}, {"Exit", "{\"code\":1,\"timed_out\":null}"}, {"Exit", "{\"code\":\"3\"}"},
            {"Exit", "{\"code\":1.5}"}, {"Exit", "{\"code\":99999999999}"}, {"Exit", "{} {}"},
            {"Exit", "{\"code\":1,\"x\":{\"a\":[1,{\"b\":2}]}}"}, {"Exit", "{\"code\":1,\"timed_out\":false,\"duration_ms\":3}"},
            {"Exit", "{\"code\":1,\"duration_ms\":3}"}, {"Exit", "{\"code\":1,\"timed_out\":false,\"duration_ms\":3,\"x\":[[{}]]}"},
            {"Exit", "{\"code\":\"2\",\"timed_out\":\"true\",\"duration_ms\":3,\"signal\":7}"},
            {"Exec", "{\"argv\":\"ls\"}"}, {"Exec", "{\"argv\":[\"echo\",null]}"}, {"Exec", "{\"argv\":[1,true]}"},
            {"Exec", "{\"argv\":[[1]]}"}, {"Exec", "{\"env\":{\"A\":[\"x\"]}}"}, {"Exec", "{\"env\":{\"A\":null,\"B\":1}}"},
            {"Exec", "{\"command\":5}"}, {"Exec", "{\"stdin\":\"true\"}"}, {"Exec", "{\"stdin\":1}"}, {"Exec", "{\"stdin\":0}"},
            {"Exec", "{\"timeout_ms\":\"100\"}"}, {"Exec", "{\"timeout_ms\":\"x\"}"}, {"Exec", "{\"command\":\"a\",\"command\":\"b\"}"},
            {"Exec", "{\"command\": "}, {"Exec", "{\"cwd\":{}}"}, {"Exec", "{\"env\":[]}"}, {"Exec", "{\"command\":\"true\"}x"},
            {"Signal", "{\"signal\":null}"}, {"Signal", "{}"}, {"Started", "{\"pid\":-5}"}, {"Started", "{}"},
            {"Window", "{\"bytes\":null}"}, {"Window", "{}"}, {"FileInfo", "{\"mode\":\"x\"}"}, {"FileInfo", "{\"size\":3,\"mode\":null}"},
            {"Hello", "{\"window\":\"7\",\"features\":[\"window\"]}"}, {"Auth", "{\"user\":\"u\",\"mac\":\"m\",\"features\":null}"},
        };
        for (String[] p : payloads) {
            Class<?> kind = Class.forName("io.remoteshell.protocol.Messages$" + p[0]);
            String ours;
            String databind;
            try {
                ours = String.valueOf(decode(p[1], kind));
            } catch (FrameException e) {
                ours = "refused";
            }
            try {
                databind = String.valueOf(Json.mapper().readValue(p[1].getBytes(StandardCharsets.UTF_8), kind));
            } catch (java.io.IOException e) {
                databind = "refused";
            }
            assertEquals(databind, ours, p[0] + " " + p[1]);
        }
    }
}
