package dev.lakestation.jobs.load.format.xml;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.InputFile;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * XML records: each {@code options.rowTag} element is one {@link RawRecord#tree} (see {@link XmlRows} for the
 * mapping). Like JSON, a validating pass reads the whole input first, so a malformed file fails with
 * {@link dev.lakestation.jobs.load.format.MalformedInputFileException} (line, column) before any record is
 * emitted; it also collects the top-level keys when {@link FormatSpec#needFieldNames()}.
 */
public final class XmlReader implements RecordReader {
    private final String path;
    private final XmlRows rows;
    private final List<String> keys;

    public XmlReader(FormatSpec spec, InputFile file) throws IOException {
        this.path = file.name();
        Set<String> seen = spec.needFieldNames() ? new LinkedHashSet<>() : null;
        try (XmlRows check = new XmlRows(file, spec.encoding(), spec.rowTag())) {
            while (check.next(false, seen)) {
                // validating pass
            }
        }
        this.keys = seen == null ? null : List.copyOf(seen);
        this.rows = new XmlRows(file, spec.encoding(), spec.rowTag());
    }

    @Override
    public List<String> inputColumns() {
        return keys;
    }

    @Override
    public RawRecord next() throws IOException {
        if (!rows.next(true, null)) {
            return null;
        }
        RawRecord r = new RawRecord();
        r.path = path;
        r.line = rows.line;
        r.offset = rows.offset;
        r.tree = rows.tree;
        return r;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
