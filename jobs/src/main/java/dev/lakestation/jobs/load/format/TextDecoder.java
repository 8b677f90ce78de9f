package dev.lakestation.jobs.load.format;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of a line-reader's buffer to Strings, refusing invalid bytes instead of replacing them (a record with
 * invalid bytes is rejected, never loaded with U+FFFD). ASCII runs take the JDK's Latin-1 copy, the fastest
 * String constructor; only spans with high bytes go through a reporting {@link CharsetDecoder}.
 */
final class TextDecoder {
    private final Charset charset;
    private final boolean latin1;           // every byte is a valid character
    private final boolean transcoded;       // bytes are UTF-8 made by Utf8Transcoder
    private final CharsetDecoder decoder;
    private CharBuffer chars = CharBuffer.allocate(256);
    /** Set by {@link #decode} on failure: index in the buffer of the first invalid byte. */
    int errorIndex = -1;

    TextDecoder(Charset streamCharset, boolean transcoded) {
        this.charset = streamCharset;
        this.latin1 = streamCharset.equals(StandardCharsets.ISO_8859_1);
        this.transcoded = transcoded;
        this.decoder = streamCharset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The text of b[from, to), or null when invalid ({@link #errorIndex} says where). */
    String decode(byte[] b, int from, int to) {
        if (latin1) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        int i = from;
        while (i < to && b[i] >= 0) {
            i++;
        }
        if (i == to) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        if (transcoded) {
            String s = new String(b, from, to - from, StandardCharsets.UTF_8);
            int bad = s.indexOf(Utf8Transcoder.INVALID);
            if (bad >= 0) {
                errorIndex = from + new String(s.substring(0, bad)).getBytes(StandardCharsets.UTF_8).length;
                return null;
            }
            return s;
        }
        return decodeChecked(b, from, to);
    }

    private String decodeChecked(byte[] b, int from, int to) {
        ByteBuffer in = ByteBuffer.wrap(b, from, to - from);
        int max = (int) Math.ceil((to - from) * (double) decoder.maxCharsPerByte());
        if (chars.capacity() < max) {
            chars = CharBuffer.allocate(Math.max(max, 2 * chars.capacity()));
        }
        chars.clear();
        decoder.reset();
        CoderResult r = decoder.decode(in, chars, true);
        if (r.isError()) {
            errorIndex = in.position();
            return null;
        }
        decoder.flush(chars);
        chars.flip();
        return chars.toString();
    }

    /** The charset name shown in error messages. */
    String charsetName() {
        return charset.name();
    }
}
