package dev.lakestation.jobs.load.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a file or of a byte range of it, for the line-based readers (DSV, POSITION, JSON lines): skips
 * a byte order mark, decodes charsets that are not ASCII-compatible through {@link Utf8Transcoder} (offsets
 * stay the file's), and for a split that starts after 0 skips the partial line before the first line that
 * starts at or after the split start. Line numbers count from the split start.
 *
 * <pre>{@code
 * LineAccess in = LineAccess.open(InputFile.of(path), StandardCharsets.UTF_8, 0);
 * while (in.nextLine()) { String s = in.decode(in.buffer(), in.start(), in.contentEnd()); ... }
 * }</pre>
 */
public final class LineAccess {
    /** Longest line or multi-line record kept in memory; a longer one becomes an error record. */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    private final LineSource lines;
    private final Charset streamCharset;
    private final boolean transcoded;
    private final TextDecoder decoder;

    private LineAccess(LineSource lines, Charset streamCharset, boolean transcoded) {
        this.lines = lines;
        this.streamCharset = streamCharset;
        this.transcoded = transcoded;
        this.decoder = new TextDecoder(streamCharset, transcoded);
    }

    /** Opens {@code file} at {@code start} (0 = whole file, with BOM handling). */
    public static LineAccess open(InputFile file, Charset declared, long start) throws IOException {
        return open(file, declared, start, MAX_RECORD_BYTES);
    }

    /** Like {@link #open(InputFile, Charset, long)}; with {@code utf8} every charset but UTF-8 is transcoded. */
    public static LineAccess open(InputFile file, Charset declared, long start, boolean utf8) throws IOException {
        return open(file, declared, start, MAX_RECORD_BYTES, utf8);
    }

    static LineAccess open(InputFile file, Charset declared, long start, int maxRecordBytes) throws IOException {
        return open(file, declared, start, maxRecordBytes, false);
    }

    static LineAccess open(InputFile file, Charset declared, long start, int maxRecordBytes, boolean utf8)
            throws IOException {
        if (start > 0) {
            if (!Encodings.asciiCompatible(declared)) {
                throw new IllegalArgumentException(file.name() + ": encoding " + declared.name()
                        + " cannot be read from byte " + start + " (not splittable)");
            }
            InputStream in = file.open(start - 1);
            LineSource src = new LineSource(in, start - 1, 1, null, maxRecordBytes);
            if (src.nextLine()) {
                // the skipped line ends with the '\n' at offset + length - 1; counted when at or after start
                long terminator = src.offset + (src.end - src.start) - 1;
                src.nextLineNumber(terminator >= start ? 2 : 1);
            }
            return new LineAccess(src, declared, false);
        }
        PushbackInputStream in = new PushbackInputStream(file.open(0), 4);
        byte[] head = new byte[4];
        int n = 0;
        while (n < 4) {
            int r = in.read(head, n, 4 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        int bom = Encodings.bomLength(declared, head, n);
        Charset cs = Encodings.afterBom(declared, head, n, bom);
        in.unread(head, bom, n - bom);
        if (utf8 ? cs.equals(StandardCharsets.UTF_8) : Encodings.asciiCompatible(cs)) {
            return new LineAccess(new LineSource(in, bom, 1, null, maxRecordBytes), cs, false);
        }
        LineSource src = new LineSource(new Utf8Transcoder(in, cs), bom, 1, LineWidth.of(cs), maxRecordBytes);
        return new LineAccess(src, StandardCharsets.UTF_8, true);
    }

    public boolean nextLine() throws IOException {
        return lines.nextLine();
    }

    public byte[] buffer() {
        return lines.buffer();
    }

    /** Buffer index of the current line's first byte. */
    public int start() {
        return lines.start;
    }

    /** Buffer index after the current line's content (before "\n" / "\r\n"). */
    public int contentEnd() {
        return lines.contentEnd;
    }

    /** File offset of the current line. */
    public long offset() {
        return lines.offset;
    }

    /** Line number of the current line (1-based, from the split start). */
    public long lineNo() {
        return lines.lineNo;
    }

    /** The current line was too long to keep; its content is empty. */
    public boolean truncated() {
        return lines.truncated;
    }

    /** File offset of the line after the current one. */
    public long nextOffset() {
        return lines.nextOffset();
    }

    public void mark() {
        lines.mark();
    }

    public int markPosition() {
        return lines.markPosition();
    }

    public boolean markLost() {
        return lines.markLost();
    }

    public void unmark() {
        lines.unmark();
    }

    /** Charset of the buffer's bytes (UTF-8 when transcoded). */
    public Charset streamCharset() {
        return streamCharset;
    }

    /** Text of b[from, to), or null when the bytes are invalid ({@link #decodeErrorIndex()}). */
    public String decode(byte[] b, int from, int to) {
        return decoder.decode(b, from, to);
    }

    /** Buffer index of the first invalid byte of the last failed {@link #decode}. */
    public int decodeErrorIndex() {
        return decoder.errorIndex;
    }

    /** Text of b[from, to) with invalid bytes replaced (for error records' raw text). */
    public String decodeLenient(byte[] b, int from, int to) {
        return new String(b, from, to - from, streamCharset);
    }

    /**
     * "invalid UTF-8 byte sequence at offset N" for an invalid byte at buffer index {@code index} of a record
     * that starts at buffer index {@code recordStart}, file offset {@code recordOffset}.
     */
    public String invalidBytes(Charset declared, long recordOffset, int recordStart, int index) {
        if (transcoded) {
            return "invalid " + declared.name() + " byte sequence in the record at offset " + recordOffset;
        }
        return "invalid " + declared.name() + " byte sequence at offset " + (recordOffset + (index - recordStart));
    }

    public void close() throws IOException {
        lines.close();
    }
}
