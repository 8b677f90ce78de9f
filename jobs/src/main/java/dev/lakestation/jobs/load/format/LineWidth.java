package dev.lakestation.jobs.load.format;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Byte length in the original file of a span of transcoded UTF-8 bytes: how a reader over a
 * {@link Utf8Transcoder} keeps {@link RawRecord#offset} in the file's bytes.
 */
@FunctionalInterface
interface LineWidth {
    long fileBytes(byte[] utf8, int from, int to);

    /** Exact for UTF-16 and UTF-32 (code units), re-encoding for other charsets. */
    static LineWidth of(Charset cs) {
        String n = cs.name().toUpperCase(Locale.ROOT);
        if (n.startsWith("UTF-16")) {
            return (b, from, to) -> 2L * utf16Units(b, from, to);
        }
        if (n.startsWith("UTF-32")) {
            return (b, from, to) -> 4L * codePoints(b, from, to);
        }
        return (b, from, to) -> new String(b, from, to - from, StandardCharsets.UTF_8).getBytes(cs).length;
    }

    private static long utf16Units(byte[] b, int from, int to) {
        long units = 0;
        for (int i = from; i < to; i++) {
            int v = b[i] & 0xFF;
            if ((v & 0xC0) != 0x80) {
                units += v >= 0xF0 ? 2 : 1;
            }
        }
        return units;
    }

    private static long codePoints(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }
}
