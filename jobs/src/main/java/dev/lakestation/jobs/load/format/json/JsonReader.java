package dev.lakestation.jobs.load.format.json;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.InputFile;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JSON and JSON_FLAT records ({@link RawRecord#tree}). A malformed input fails with
 * {@link dev.lakestation.jobs.load.format.MalformedInputFileException} before any of its records is emitted
 * (Starlake's "Invalid JSON File" fails the whole file), and {@link #inputColumns()} is the union of top-level keys
 * when {@link FormatSpec#needFieldNames()}. Both need the whole input read before the first record: a first pass
 * builds the records and keeps them while they start within the first {@value #KEPT_INPUT_BYTES} bytes; an input
 * that ends there (a station message, a small file) is read once. A longer one is checked to its end without
 * building, then read again, streaming — memory stays bounded whatever the file's size.
 */
public final class JsonReader implements RecordReader {
    /** Records of the first pass are kept while they start within this many bytes of the input. */
    static final long KEPT_INPUT_BYTES = 64 * 1024;

    private final FormatSpec spec;
    private final String path;
    private final List<String> keys;
    /** The records of an input read once (null when it is read again). */
    private final List<RawRecord> kept;
    private int nextKept;
    private final JsonObjects objects;

    /**
     * @param document true for {@code array}/{@code multiline} files and single payloads (one document),
     *                 false for JSON lines
     */
    public JsonReader(FormatSpec spec, InputFile file, boolean document) throws IOException {
        this.spec = spec;
        this.path = file.name();
        Set<String> seen = spec.needFieldNames() ? new LinkedHashSet<>() : null;
        List<RawRecord> first = new ArrayList<>(1);
        try (JsonObjects check = new JsonObjects(file, spec.encoding(), document)) {
            boolean build = true;
            while (check.next(build, seen)) {
                if (!build) {
                    continue;   // validating only: keys were added by the skip
                }
                if (seen != null) {
                    seen.addAll(check.tree.keySet());
                }
                if (check.offset <= KEPT_INPUT_BYTES) {
                    first.add(record(check));
                } else {
                    // too long to keep: a validating pass to the end, then the input is read again
                    first = null;
                    build = false;
                }
            }
        }
        this.keys = seen == null ? null : List.copyOf(seen);
        this.kept = first;
        this.objects = first == null ? new JsonObjects(file, spec.encoding(), document) : null;
    }

    @Override
    public List<String> inputColumns() {
        return keys;
    }

    @Override
    public RawRecord next() throws IOException {
        if (kept != null) {
            if (nextKept == kept.size()) {
                return null;
            }
            RawRecord r = kept.get(nextKept);
            kept.set(nextKept++, null);    // handed out: let it go
            return r;
        }
        return objects.next(true, null) ? record(objects) : null;
    }

    private RawRecord record(JsonObjects at) {
        RawRecord r = new RawRecord();
        r.path = path;
        r.line = at.line;
        r.offset = at.offset;
        r.tree = at.tree;
        if (spec.keepRawText()) {
            r.rawText = at.lineText();
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        if (objects != null) {
            objects.close();
        }
    }
}
