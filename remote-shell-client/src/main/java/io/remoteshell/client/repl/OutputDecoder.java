package io.remoteshell.client.repl;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Turns a command's output, in the server's charset, into bytes for the terminal's charset, chunk
 * by chunk: a character split across two chunks is joined, bytes that are not valid in the server's
 * charset show as {@code \xNN} (never as garbage that could upset the terminal), and characters the
 * terminal cannot show become {@code ?}. Not thread-safe: one per output stream.
 */
final class OutputDecoder {

    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder;
    private final ByteBuffer pending = ByteBuffer.allocate(64);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    OutputDecoder(Charset remote, Charset terminal) {
        this.decoder = remote.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        this.encoder = terminal.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(new byte[] {'?'});
    }

    /** The terminal bytes for {@code len} more bytes of output. */
    byte[] decode(byte[] b, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 16);
        ByteBuffer in;
        if (pending.position() > 0) {
            // A character was cut between chunks: finish it with the start of this one.
            ByteBuffer joined = ByteBuffer.allocate(pending.position() + len);
            pending.flip();
            joined.put(pending).put(b, off, len).flip();
            pending.clear();
            in = joined;
        } else {
            in = ByteBuffer.wrap(b, off, len);
        }
        run(in, false, out);
        if (in.hasRemaining()) {
            pending.put(in);
        }
        return out.toByteArray();
    }

    /** What is left at the end of the output: an incomplete character shows as its bytes. */
    byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pending.flip();
        run(pending, true, out);
        pending.clear();
        decoder.reset();
        return out.toByteArray();
    }

    private void run(ByteBuffer in, boolean endOfInput, ByteArrayOutputStream out) {
        while (true) {
            CoderResult r = decoder.decode(in, chars, endOfInput);
            drain(out);
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    escape(in.get(), out);
                }
            } else if (r.isUnderflow()) {
                if (endOfInput) {
                    while (in.hasRemaining()) {
                        escape(in.get(), out);
                    }
                }
                return;
            }
            // Overflow: the chars were drained, go on.
        }
    }

    private void drain(ByteArrayOutputStream out) {
        chars.flip();
        if (chars.hasRemaining()) {
            ByteBuffer encoded = encodeAll(chars);
            out.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
        }
        chars.clear();
    }

    private ByteBuffer encodeAll(CharBuffer text) {
        try {
            return encoder.reset().encode(text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing encoder cannot fail", e);
        }
    }

    private static void escape(byte b, ByteArrayOutputStream out) {
        String hex = String.format("\\x%02X", b & 0xFF);
        for (int i = 0; i < hex.length(); i++) {
            out.write(hex.charAt(i));
        }
    }
}
