package dev.lakestation.jobs.load.format.dsv;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.InputFile;
import dev.lakestation.jobs.load.format.LineAccess;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DSV records of one byte range of a file: skipRows and the header on the file's first lines (the header is
 * read from the file start by every split), blank lines skipped (as Spark), quoted line ends when multiline,
 * one error record per unreadable record (unclosed quote, invalid bytes, record too long) and reading goes on.
 */
public final class DsvReader implements RecordReader {
    private final FormatSpec spec;
    private final String path;
    private final long splitStart;
    private final long end;
    private final boolean multiline;
    private final Charset declared;
    private final LineAccess in;
    private final DsvTokenizer tokenizer;
    private List<String> header;
    private long dataStart;             // records starting before this offset are skipRows/header lines
    private boolean done;
    private boolean inPreamble;         // the header is read whatever the split end

    /**
     * @param payloadRecord a station payload holding one record: no skipRows/header, quoted line ends allowed
     */
    public DsvReader(FormatSpec spec, InputFile file, long start, long end, boolean payloadRecord)
            throws IOException {
        this.spec = spec;
        this.path = file.name();
        this.splitStart = start;
        this.end = end;
        this.multiline = spec.multiline() || payloadRecord;
        this.declared = dev.lakestation.jobs.load.format.Encodings.charset(spec.encoding());
        this.in = LineAccess.open(file, declared, start);
        this.tokenizer = newTokenizer(spec, in);
        int skip = payloadRecord ? 0 : spec.skipRows();
        boolean withHeader = spec.withHeader() && !payloadRecord;
        if (start == 0) {
            inPreamble = true;
            skipPreamble(skip, withHeader);
            inPreamble = false;
        } else if (skip > 0 || withHeader) {
            // header columns and the end of the preamble come from the file start
            try (DsvReader first = new DsvReader(spec, file, 0, Long.MAX_VALUE, false)) {
                header = first.header;
                dataStart = first.dataStart;
            }
        }
    }

    private static DsvTokenizer newTokenizer(FormatSpec spec, LineAccess in) {
        Charset cs = in.streamCharset();
        byte[] sep = spec.separator().getBytes(cs);
        return new DsvTokenizer(sep, singleByte(spec.quote(), cs, "quote"), singleByte(spec.escape(), cs, "escape"),
                spec.nullValue(), new DsvTokenizer.Decoder() {
                    @Override
                    public String decode(byte[] b, int from, int to) {
                        return in.decode(b, from, to);
                    }

                    @Override
                    public int errorIndex() {
                        return in.decodeErrorIndex();
                    }
                });
    }

    private static int singleByte(String s, Charset cs, String what) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        byte[] b = s.getBytes(cs);
        if (b.length != 1) {
            throw new IllegalArgumentException("DSV " + what + " '" + s + "' is not one byte in " + cs.name());
        }
        return b[0];
    }

    private void skipPreamble(int skip, boolean withHeader) throws IOException {
        for (int k = 0; k < skip && in.nextLine(); k++) {
            // skipRows counts physical lines
        }
        if (withHeader) {
            RawRecord h = readRecord();
            if (h != null) {
                if (h.fields == null) {
                    throw new IOException(path + ":" + h.line + ": cannot read the header: " + h.error);
                }
                List<String> cols = new ArrayList<>(h.fields.length);
                for (int k = 0; k < h.fields.length; k++) {
                    String c = h.fields[k];
                    cols.add(c == null || c.isEmpty() ? "_c" + k : c); // Spark's name for an empty header cell
                }
                header = List.copyOf(cols);
            } else {
                header = List.of();
            }
        }
        dataStart = in.nextOffset();
    }

    @Override
    public List<String> inputColumns() {
        return header;
    }

    @Override
    public RawRecord next() throws IOException {
        while (!done) {
            RawRecord r = readRecord();
            if (r == null) {
                done = true;
                return null;
            }
            if (r.offset >= dataStart) {
                return r;
            }
        }
        return null;
    }

    /** The next record starting before {@code end}, blank lines skipped; null at the end. */
    private RawRecord readRecord() throws IOException {
        while (in.nextLine()) {
            if (!inPreamble && in.offset() >= end) {
                done = true;
                return null;
            }
            if (in.truncated()) {
                return error(in.lineNo(), in.offset(), null, "line longer than "
                        + (LineAccess.MAX_RECORD_BYTES >> 20) + " MiB");
            }
            int start = in.start();
            int contentEnd = in.contentEnd();
            if (start == contentEnd) {
                continue;
            }
            byte[] b = in.buffer();
            int status = tokenizer.tokenize(b, start, contentEnd);
            if (status == DsvTokenizer.OK) {
                return record(in.lineNo(), in.offset());
            }
            if (status == DsvTokenizer.INVALID_BYTES) {
                return invalid(in.lineNo(), in.offset(), start, b, start, contentEnd);
            }
            if (!multiline) {
                return error(in.lineNo(), in.offset(), in.decodeLenient(b, start, contentEnd),
                        "unclosed quote in the value starting at column " + (tokenizer.openQuoteAt() - start + 1));
            }
            return multilineRecord();
        }
        return null;
    }

    /** A record whose quoted value continues on the next lines: extend line by line, each line scanned once. */
    private RawRecord multilineRecord() throws IOException {
        long line = in.lineNo();
        long offset = in.offset();
        in.mark();
        int scanFrom = tokenizer.openQuoteAt() + 1 - in.markPosition(); // relative to the record start
        while (true) {
            if (!in.nextLine()) {
                in.unmark();
                return error(line, offset, null, "unclosed quote: the quoted value starting on line " + line
                        + " is not closed before the end of the file");
            }
            if (in.markLost()) {
                // too long to keep: find where the quoted value closes, then report the record
                int c = in.truncated() ? -1 : tokenizer.closingQuote(in.buffer(), in.start(), in.contentEnd());
                if (c >= 0) {
                    in.unmark();
                    return error(line, offset, null, "record starting on line " + line + " is longer than "
                            + (LineAccess.MAX_RECORD_BYTES >> 20) + " MiB");
                }
                continue;
            }
            int base = in.markPosition();
            int from = Math.max(base + scanFrom, in.start());
            int close = tokenizer.closingQuote(in.buffer(), from, in.contentEnd());
            if (close < 0) {
                continue;
            }
            byte[] b = in.buffer();
            int status = tokenizer.tokenize(b, base, in.contentEnd());
            if (status == DsvTokenizer.UNCLOSED) {
                scanFrom = tokenizer.openQuoteAt() + 1 - base;    // a later value opens a new quote
                continue;
            }
            RawRecord r = status == DsvTokenizer.OK ? record(line, offset)
                    : invalid(line, offset, base, b, base, in.contentEnd());
            in.unmark();
            return r;
        }
    }

    private RawRecord record(long line, long offset) {
        RawRecord r = base(line, offset);
        r.fields = Arrays.copyOf(tokenizer.values(), tokenizer.count());
        if (spec.keepRawText()) {
            r.rawText = in.decodeLenient(in.buffer(), in.markPosition() >= 0 ? in.markPosition() : in.start(),
                    in.contentEnd());
        }
        return r;
    }

    private RawRecord invalid(long line, long offset, int recordStart, byte[] b, int from, int to) {
        int at = tokenizer.errorIndex();
        String where = at >= 0 ? in.invalidBytes(declared, offset, recordStart, at)
                : in.invalidBytes(declared, offset, recordStart, recordStart);
        return error(line, offset, in.decodeLenient(b, from, to), where);
    }

    private RawRecord error(long line, long offset, String raw, String message) {
        RawRecord r = base(line, offset);
        r.error = message;
        r.rawText = raw;
        return r;
    }

    private RawRecord base(long line, long offset) {
        RawRecord r = new RawRecord();
        r.path = path;
        r.splitStart = splitStart;
        r.line = line;
        r.offset = offset;
        return r;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
