package dev.lakestation.jobs.load.format;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/** Charset facts the readers need: ASCII compatibility (byte-level parsing, splits) and byte order marks. */
public final class Encodings {
    private Encodings() {
    }

    /** The charset of a Starlake encoding name; IllegalArgumentException naming it when unknown. */
    public static Charset charset(String name) {
        try {
            return Charset.forName(name == null ? "UTF-8" : name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unknown encoding '" + name + "'", e);
        }
    }

    /**
     * True when every ASCII byte means its ASCII character and never occurs inside a multi-byte sequence, so
     * line ends, separators and quotes can be found on the bytes. An allow-list: multi-byte charsets such as
     * Shift_JIS or GBK have ASCII-range trail bytes and are decoded instead.
     */
    public static boolean asciiCompatible(Charset cs) {
        String n = cs.name().toUpperCase(Locale.ROOT);
        return cs.equals(StandardCharsets.UTF_8) || cs.equals(StandardCharsets.US_ASCII)
                || n.startsWith("ISO-8859-") || n.startsWith("WINDOWS-125");
    }

    /** The byte order mark length at the start of {@code head} for this charset (0 when none). */
    public static int bomLength(Charset cs, byte[] head, int len) {
        if (cs.equals(StandardCharsets.UTF_8)) { // first: asked once per station message
            return len >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF
                    ? 3 : 0;
        }
        String n = cs.name().toUpperCase(Locale.ROOT);
        if (n.startsWith("UTF-32")) {
            if (len >= 4 && ((head[0] == 0 && head[1] == 0 && (head[2] & 0xFF) == 0xFE && (head[3] & 0xFF) == 0xFF)
                    || ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE && head[2] == 0 && head[3] == 0))) {
                return 4;
            }
            return 0;
        }
        if (n.startsWith("UTF-16") && len >= 2 && ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF
                || (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE)) {
            return 2;
        }
        return 0;
    }

    /**
     * The charset to decode the bytes after the BOM with: "UTF-16"/"UTF-32" resolved to the byte order the
     * BOM gives (big endian without a BOM, as Java), others unchanged.
     */
    public static Charset afterBom(Charset cs, byte[] head, int len, int bom) {
        if (cs.equals(StandardCharsets.UTF_8)) {
            return cs;
        }
        String n = cs.name().toUpperCase(Locale.ROOT);
        if (n.equals("UTF-16")) {
            return bom == 2 && (head[0] & 0xFF) == 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        }
        if (n.equals("UTF-32")) {
            return Charset.forName(bom == 4 && (head[0] & 0xFF) == 0xFF ? "UTF-32LE" : "UTF-32BE");
        }
        return cs;
    }
}
