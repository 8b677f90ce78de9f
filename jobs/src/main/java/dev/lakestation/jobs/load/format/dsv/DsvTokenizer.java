package dev.lakestation.jobs.load.format.dsv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the bytes of one DSV record into values, on the bytes (separator, quote and escape are found as
 * bytes of an ASCII-compatible stream), decoding each value once.
 *
 * <p>Why not a CSV library: FastCSV, univocity and commons-csv parse decoded chars from a Reader, so they
 * cannot give the file byte offset of a record (needed for byte-range splits and rejected rows), cannot
 * reject one record for invalid bytes (a decoder replaces or fails the stream), and end an unclosed quote at
 * the end of the file rather than of the line when multiline is off. This tokenizer is the few rules
 * Spark's CSV reader applies, on bytes:
 * <ul>
 *   <li>a value starting with the quote is quoted: separators and line ends inside are data, the escape
 *       followed by a quote or an escape gives that character, a doubled quote gives one quote; text after
 *       the closing quote up to the separator is appended as is;</li>
 *   <li>a quote elsewhere in a value is an ordinary character;</li>
 *   <li>an unquoted value equal to {@code nullValue} is null; a quoted value equal to a non-empty
 *       {@code nullValue} is null, a quoted empty value is "".</li>
 * </ul>
 */
public final class DsvTokenizer {
    /** Result of {@link #tokenize}: the values are {@link #values()}[0, {@link #count()}). */
    public static final int OK = 0;
    /** The record ends inside a quoted value that starts at {@link #openQuoteAt()}. */
    public static final int UNCLOSED = 1;
    /** A value has invalid bytes for the encoding at {@link #errorIndex()}. */
    public static final int INVALID_BYTES = 2;

    private final byte[] sep;
    private final byte sep0;
    private final int quote;    // -1: none
    private final int escape;   // -1: none
    private final String nullValue;
    private final Decoder decoder;
    private String[] values = new String[16];
    private int count;
    private int openQuoteAt;
    private int errorIndex;
    private byte[] scratch = new byte[256];

    /** Bytes to String; returns null and sets the error index when the bytes are invalid. */
    public interface Decoder {
        String decode(byte[] b, int from, int to);

        int errorIndex();
    }

    public DsvTokenizer(byte[] separator, int quote, int escape, String nullValue, Decoder decoder) {
        this.sep = separator;
        this.sep0 = separator[0];
        this.quote = quote;
        this.escape = escape == quote ? -1 : escape;
        this.nullValue = nullValue;
        this.decoder = decoder;
    }

    public String[] values() {
        return values;
    }

    public int count() {
        return count;
    }

    public int openQuoteAt() {
        return openQuoteAt;
    }

    public int errorIndex() {
        return errorIndex;
    }

    /** The values of the record b[from, to) (without its final line terminator). */
    public int tokenize(byte[] b, int from, int to) {
        count = 0;
        int i = from;
        while (true) {
            String v;
            if (quote >= 0 && i < to && b[i] == quote) {
                int q = i;
                i = quoted(b, i + 1, to);
                if (i < 0) {
                    openQuoteAt = q;
                    return UNCLOSED;
                }
                v = lastQuoted;
                if (v == null) {
                    return INVALID_BYTES;
                }
                if (!v.isEmpty() && v.equals(nullValue)) {
                    v = null;
                }
            } else {
                int s = i;
                i = endOfUnquoted(b, i, to);
                if (i == s) {
                    v = nullValue != null && nullValue.isEmpty() ? null : "";
                } else {
                    // An ASCII value's bytes are its chars: the stream is ASCII-compatible (others are transcoded
                    // to UTF-8), so only values with high bytes need the checking decoder.
                    v = ascii ? new String(b, s, i - s, StandardCharsets.ISO_8859_1) : decoder.decode(b, s, i);
                    if (v == null) {
                        errorIndex = decoder.errorIndex();
                        return INVALID_BYTES;
                    }
                    if (nullValue != null && v.length() == nullValue.length() && v.equals(nullValue)) {
                        v = null;
                    }
                }
            }
            add(v);
            if (i >= to) {
                return OK;
            }
            i += sep.length; // at a separator
            if (i == to) {
                add(nullValue != null && nullValue.isEmpty() ? null : "");
                return OK;
            }
        }
    }

    /** Set by {@link #endOfUnquoted} with a one-byte separator: the value's bytes are all below 0x80. */
    private boolean ascii;

    private int endOfUnquoted(byte[] b, int i, int to) {
        if (sep.length == 1) {
            // The ASCII check rides on the separator scan, so an ASCII value is not scanned a second time to decode.
            byte s = sep0;
            int high = 0;
            byte c;
            while (i < to && (c = b[i]) != s) {
                high |= c;
                i++;
            }
            ascii = high >= 0;
            return i;
        }
        ascii = false;
        while (i < to) {
            if (b[i] == sep0 && isSeparator(b, i, to)) {
                return i;
            }
            i++;
        }
        return to;
    }

    private boolean isSeparator(byte[] b, int i, int to) {
        if (i + sep.length > to) {
            return false;
        }
        for (int k = 1; k < sep.length; k++) {
            if (b[i + k] != sep[k]) {
                return false;
            }
        }
        return true;
    }

    private String lastQuoted;

    /**
     * Reads a quoted value whose content starts at i; returns the index after it (at the separator or
     * {@code to}) and sets {@link #lastQuoted}, or -1 when the quote does not close before {@code to}.
     */
    private int quoted(byte[] b, int i, int to) {
        int segment = i;
        int n = 0;          // bytes in scratch; used only once an escape was seen
        boolean copied = false;
        while (true) {
            if (i >= to) {
                return -1;
            }
            byte c = b[i];
            if (c == quote) {
                if (i + 1 < to && b[i + 1] == quote) {      // doubled quote
                    n = append(n, b, segment, i + 1);
                    copied = true;
                    i += 2;
                    segment = i;
                    continue;
                }
                int close = i;
                int after = close + 1;
                int end = endOfUnquoted(b, after, to);      // text after the closing quote, kept as is
                if (!copied && end == after) {
                    lastQuoted = decode(b, segment, close);
                } else {
                    n = append(n, b, segment, close);
                    n = append(n, b, after, end);
                    lastQuoted = decode(scratch, 0, n);
                }
                return end;
            }
            if (c == escape && i + 1 < to && (b[i + 1] == quote || b[i + 1] == escape)) {
                n = append(n, b, segment, i);
                copied = true;
                segment = i + 1;
                i += 2;
                continue;
            }
            i++;
        }
    }

    private String decode(byte[] b, int from, int to) {
        String s = decoder.decode(b, from, to);
        if (s == null) {
            // scratch positions are not file positions: report the value's start
            errorIndex = b == scratch ? -1 : decoder.errorIndex();
        }
        return s;
    }

    private int append(int n, byte[] b, int from, int to) {
        int len = to - from;
        if (n + len > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(2 * scratch.length, n + len));
        }
        System.arraycopy(b, from, scratch, n, len);
        return n + len;
    }

    private void add(String v) {
        if (count == values.length) {
            values = Arrays.copyOf(values, 2 * count);
        }
        values[count++] = v;
    }

    /**
     * Index of the closing quote of a quoted value whose content continues at b[i], or -1 when it does not
     * close before {@code to}: lets a multiline record scan each added line once.
     */
    public int closingQuote(byte[] b, int i, int to) {
        while (i < to) {
            byte c = b[i];
            if (c == quote) {
                if (i + 1 < to && b[i + 1] == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            if (c == escape && i + 1 < to && (b[i + 1] == quote || b[i + 1] == escape)) {
                i += 2;
                continue;
            }
            i++;
        }
        return -1;
    }
}
