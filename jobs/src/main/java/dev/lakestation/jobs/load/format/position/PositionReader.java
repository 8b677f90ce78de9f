package dev.lakestation.jobs.load.format.position;

import dev.lakestation.jobs.load.format.Encodings;
import dev.lakestation.jobs.load.format.InputFile;
import dev.lakestation.jobs.load.format.LineAccess;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;

/**
 * POSITION (fixed width): one line = one record ({@link RawRecord#text}, terminator removed), like Spark's
 * text source (an empty line inside the file is a record with ""). Cutting by position is
 * {@code TableValidator.validateLine}'s business. A line with invalid bytes is an error record.
 */
public final class PositionReader implements RecordReader {
    private final String path;
    private final long splitStart;
    private final long end;
    private final Charset declared;
    private final LineAccess in;
    private boolean done;

    public PositionReader(String encoding, InputFile file, long start, long end) throws IOException {
        this.path = file.name();
        this.splitStart = start;
        this.end = end;
        this.declared = Encodings.charset(encoding);
        this.in = LineAccess.open(file, declared, start);
    }

    @Override
    public List<String> inputColumns() {
        return null;
    }

    @Override
    public RawRecord next() throws IOException {
        if (done || !in.nextLine() || in.offset() >= end) {
            done = true;
            return null;
        }
        RawRecord r = new RawRecord();
        r.path = path;
        r.splitStart = splitStart;
        r.line = in.lineNo();
        r.offset = in.offset();
        if (in.truncated()) {
            r.error = "line longer than " + (LineAccess.MAX_RECORD_BYTES >> 20) + " MiB";
            return r;
        }
        String text = in.decode(in.buffer(), in.start(), in.contentEnd());
        if (text == null) {
            r.error = in.invalidBytes(declared, r.offset, in.start(), in.decodeErrorIndex());
            r.rawText = in.decodeLenient(in.buffer(), in.start(), in.contentEnd());
        } else {
            r.text = text;
            r.rawText = text;
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
