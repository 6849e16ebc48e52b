package io.remoteshell.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The UDP probe's two datagrams (liveness and discovery; docs/PROTOCOL.md, "UDP probe"). A request is
 * {@code {"probe":"rsp/1","nonce":"…","pad":"…"}}, at least {@value #MIN_REQUEST} bytes; a reply names the
 * server, echoes the nonce, lists the ports and host-key fingerprints, and carries a signature by the SSH host
 * key over {@link #signedBytes}. Nothing here touches a socket: the server's responder and the client's
 * prober share this codec, and anything that does not parse is {@link Optional#empty()} (dropped, never answered).
 */
public final class Probe {

    public static final String PROTOCOL = "rsp/1";
    /** Shorter requests are dropped: a reply must fit in its request, and it needs about this much. */
    public static final int MIN_REQUEST = 256;
    /** Longer datagrams are dropped unread; nothing in a probe needs more. */
    public static final int MAX_REQUEST = 1024;
    /** What rshell's requests are padded to: room for a reply with every front end's port and fingerprint. */
    public static final int CLIENT_REQUEST = 512;
    public static final int MAX_NONCE = 64;
    /** The first line of the signed text: names what is signed, so the signature cannot be replayed elsewhere. */
    public static final String SIGNED_HEADER = "rshell-probe-reply/1";

    /** Base64 and base64url characters only, so the nonce never breaks a line of the signed text. */
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9+/=_-]{1," + MAX_NONCE + "}");
    /** Names of front ends in "ports" and "host_keys": rsp, rsps, ssh, and whatever a later version adds. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,15}");
    /** A fingerprint ("SHA256:" and base64) or a server name: printable ASCII without line breaks. */
    private static final Pattern TEXT = Pattern.compile("[\\x20-\\x7e]{1,100}");

    /** A probe reply as sent, or as received and parsed (its {@code sig} not yet checked). */
    public record Reply(String server, String nonce, Map<String, Integer> ports, Map<String, String> hostKeys, byte[] sig) {

        public Reply {
            ports = Collections.unmodifiableMap(new TreeMap<>(ports));
            hostKeys = Collections.unmodifiableMap(new TreeMap<>(hostKeys));
        }

        /** The bytes {@code sig} signs: {@link Probe#signedBytes} of this reply's fields. */
        public byte[] signed() {
            return signedBytes(server, nonce, ports, hostKeys);
        }
    }

    private Probe() {
    }

    /** A request for {@code nonce}, its "pad" of dots making it exactly {@code size} bytes. */
    public static byte[] request(String nonce, int size) {
        if (!NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("a probe nonce is 1 to " + MAX_NONCE + " base64 characters");
        }
        if (size < MIN_REQUEST || size > MAX_REQUEST) {
            throw new IllegalArgumentException("a probe request is " + MIN_REQUEST + " to " + MAX_REQUEST + " bytes, not " + size);
        }
        String head = "{\"probe\":\"" + PROTOCOL + "\",\"nonce\":\"" + nonce + "\",\"pad\":\"";
        String tail = "\"}";
        return (head + ".".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /** The nonce of a well-formed request of {@link #MIN_REQUEST} to {@link #MAX_REQUEST} bytes; empty for anything else. */
    public static Optional<String> parseRequest(ByteBuffer datagram) {
        int length = datagram.remaining();
        if (length < MIN_REQUEST || length > MAX_REQUEST) {
            return Optional.empty();
        }
        JsonNode json = parseObject(datagram);
        if (json == null || !PROTOCOL.equals(json.path("probe").textValue())) {
            return Optional.empty();
        }
        String nonce = json.path("nonce").textValue();
        JsonNode pad = json.get("pad");
        if (nonce == null || !NONCE.matcher(nonce).matches() || (pad != null && !pad.isTextual())) {
            return Optional.empty();
        }
        return Optional.of(nonce);
    }

    /**
     * The exact bytes the host key signs, UTF-8 (all ASCII), each line ending in LF:
     * {@value #SIGNED_HEADER}, {@code nonce=N}, {@code server=S}, then {@code port.NAME=N} and
     * {@code host_key.NAME=F} lines, each group sorted by NAME.
     */
    public static byte[] signedBytes(String server, String nonce, Map<String, Integer> ports, Map<String, String> hostKeys) {
        StringBuilder s = new StringBuilder(SIGNED_HEADER).append('\n');
        s.append("nonce=").append(nonce).append('\n');
        s.append("server=").append(server).append('\n');
        new TreeMap<>(ports).forEach((name, port) -> s.append("port.").append(name).append('=').append(port).append('\n'));
        new TreeMap<>(hostKeys).forEach((name, fp) -> s.append("host_key.").append(name).append('=').append(fp).append('\n'));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The reply datagram: compact JSON, keys in a fixed order, {@code sig} as standard base64. */
    public static byte[] encodeReply(Reply reply) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("server", reply.server());
        json.put("nonce", reply.nonce());
        ObjectNode ports = json.putObject("ports");
        reply.ports().forEach(ports::put);
        ObjectNode keys = json.putObject("host_keys");
        reply.hostKeys().forEach(keys::put);
        json.put("sig", Base64.getEncoder().encodeToString(reply.sig()));
        return Json.encode(json);
    }

    /** A reply that has every field with a sane value; empty for anything else (a client then ignores the datagram). */
    public static Optional<Reply> parseReply(ByteBuffer datagram) {
        if (datagram.remaining() > MAX_REQUEST) {
            return Optional.empty();
        }
        JsonNode json = parseObject(datagram);
        if (json == null) {
            return Optional.empty();
        }
        String server = json.path("server").textValue();
        String nonce = json.path("nonce").textValue();
        String sig = json.path("sig").textValue();
        JsonNode ports = json.path("ports");
        JsonNode keys = json.path("host_keys");
        if (server == null || !TEXT.matcher(server).matches() || nonce == null || !NONCE.matcher(nonce).matches()
                || sig == null || !ports.isObject() || !keys.isObject()) {
            return Optional.empty();
        }
        Map<String, Integer> portMap = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ports.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int port = e.getValue().canConvertToInt() && e.getValue().isIntegralNumber() ? e.getValue().intValue() : -1;
            if (!NAME.matcher(e.getKey()).matches() || port < 1 || port > 65535) {
                return Optional.empty();
            }
            portMap.put(e.getKey(), port);
        }
        Map<String, String> keyMap = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String fp = e.getValue().textValue();
            if (!NAME.matcher(e.getKey()).matches() || fp == null || !TEXT.matcher(fp).matches()) {
                return Optional.empty();
            }
            keyMap.put(e.getKey(), fp);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new Reply(server, nonce, portMap, keyMap, signature));
    }

    /** Strict UTF-8, one JSON object and nothing after it; null otherwise. */
    private static JsonNode parseObject(ByteBuffer datagram) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(datagram.duplicate()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonNode json = Json.mapper().readTree(text);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }
}
