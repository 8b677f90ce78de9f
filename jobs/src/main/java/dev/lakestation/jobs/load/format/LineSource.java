package dev.lakestation.jobs.load.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines ('\n' ends a line, a '\r' before it is not content) with each line's file
 * offset and line number, in one reusable buffer: memory stays bounded by the longest record
 * ({@code maxLineBytes}; a longer line is returned {@link #truncated} with no content).
 *
 * <p>A reader that needs several lines contiguous (a DSV record with quoted line ends) calls {@link #mark()} at
 * the record's first line: the bytes from there stay in the buffer (at {@link #markPosition()}) until
 * {@link #unmark()}, unless the record outgrows the limit ({@link #markLost()}).
 */
final class LineSource {
    private final InputStream in;
    private final int maxLineBytes;
    private final LineWidth width;      // null: stream bytes are file bytes
    private byte[] buf;
    private int limit;
    private int next;                   // index where the next line starts
    private long bufStart;              // stream position of buf[0]
    private final long fileBase;        // file offset of stream position 0 (identity mode)
    private long nextFileOffset;        // file offset of the next line (width mode)
    private boolean eof;
    private int mark = -1;
    private boolean markLost;
    private long nextLineNo;

    /** Current line: content is buf[start, contentEnd), the terminator up to end. */
    public int start;
    public int contentEnd;
    public int end;
    /** File offset of the current line's first byte. */
    public long offset;
    /** 1-based line number of the current line, relative to where counting started. */
    public long lineNo;
    /** The current line was longer than the limit; its content was dropped. */
    public boolean truncated;

    /**
     * @param in           positioned stream
     * @param fileOffset   file offset of the stream's first byte
     * @param firstLineNo  line number of the first line
     * @param width        null when the stream's bytes are the file's, else the transcoding width
     * @param maxLineBytes longest line (and marked record) kept in memory
     */
    LineSource(InputStream in, long fileOffset, long firstLineNo, LineWidth width, int maxLineBytes) {
        this.in = in;
        this.fileBase = fileOffset;
        this.nextFileOffset = fileOffset;
        this.nextLineNo = firstLineNo;
        this.width = width;
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[Math.min(1 << 16, Math.max(16, maxLineBytes))];
    }

    public byte[] buffer() {
        return buf;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean nextLine() throws IOException {
        int from = next;
        int i = from;
        truncated = false;
        offset = width == null ? fileBase + bufStart + from : nextFileOffset;
        lineNo = nextLineNo;
        while (true) {
            int nl = indexOfNewline(buf, i, limit);
            if (nl >= 0) {
                setLine(from, nl + 1, true);
                return true;
            }
            if (eof) {
                if (from == limit) {
                    if (truncated) {     // a too long last line without terminator
                        start = contentEnd = end = from;
                        return true;
                    }
                    return false;
                }
                setLine(from, limit, false);
                return true;
            }
            int keep = mark >= 0 ? mark : from;
            if (keep > 0) {
                System.arraycopy(buf, keep, buf, 0, limit - keep);
                limit -= keep;
                from -= keep;
                next = from;
                bufStart += keep;
                if (mark >= 0) {
                    mark = 0;
                }
            } else if (limit == buf.length) {
                if (buf.length < maxLineBytes) {
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(maxLineBytes, 2L * buf.length));
                } else if (mark >= 0 && mark < from) {
                    mark = -1;           // the record is too long: keep scanning, drop its bytes
                    markLost = true;
                    continue;
                } else {
                    markLost |= mark >= 0;
                    mark = -1;
                    if (width != null) {
                        nextFileOffset += width.fileBytes(buf, from, limit);
                    }
                    bufStart += limit;
                    limit = 0;
                    from = 0;
                    next = 0;
                    truncated = true;
                }
            }
            i = limit;
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    private void setLine(int from, int to, boolean terminated) {
        start = truncated ? to : from;
        end = to;
        int ce = terminated ? to - 1 : to;
        if (ce > start && buf[ce - 1] == '\r') {
            ce--;
        }
        contentEnd = truncated ? start : ce;
        if (truncated) {
            start = contentEnd = end = to;
        }
        next = to;
        if (width != null) {
            nextFileOffset += width.fileBytes(buf, from, to);
        }
        if (terminated) {
            nextLineNo++;
        }
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** File offset of the line after the current one. */
    long nextOffset() {
        return width == null ? fileBase + bufStart + next : nextFileOffset;
    }

    /** Sets the number of the next line (a split that skipped a partial first line). */
    void nextLineNumber(long n) {
        nextLineNo = n;
    }

    /** Keeps the bytes from the current line's start in the buffer. */
    public void mark() {
        mark = start;
        markLost = false;
    }

    /** Current index of the marked byte (moves when the buffer is compacted); -1 when lost. */
    public int markPosition() {
        return mark;
    }

    public boolean markLost() {
        return markLost;
    }

    public void unmark() {
        mark = -1;
        markLost = false;
    }

    public void close() throws IOException {
        in.close();
    }
}
