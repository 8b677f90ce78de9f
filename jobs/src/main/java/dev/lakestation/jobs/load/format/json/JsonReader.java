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
 * when {@link FormatSpec#needFieldNames()}. A file is read twice for that: a validating pass first (syntax of the
 * whole file, and the keys), then the emitting pass. An input already in memory and at most {@link #BUILD_AT_ONCE}
 * bytes (a station message) is parsed once: its records are built, then handed out.
 */
public final class JsonReader implements RecordReader {
    /** In-memory inputs up to this size are parsed once, their records kept until read. */
    static final int BUILD_AT_ONCE = 1 << 20;

    private final FormatSpec spec;
    private final String path;
    private final JsonObjects objects;
    private final List<String> keys;
    /** The records of an in-memory input, built up front (null for a file). */
    private final List<RawRecord> built;
    private int nextBuilt;

    /**
     * @param document true for {@code array}/{@code multiline} files and single payloads (one document),
     *                 false for JSON lines
     */
    public JsonReader(FormatSpec spec, InputFile file, boolean document) throws IOException {
        this.spec = spec;
        this.path = file.name();
        Set<String> seen = spec.needFieldNames() ? new LinkedHashSet<>() : null;
        if (file.inMemory() != null && file.inMemory().length <= BUILD_AT_ONCE) {
            List<RawRecord> records = new ArrayList<>(1);
            try (JsonObjects all = new JsonObjects(file, spec.encoding(), document)) {
                while (all.next(true, null)) {
                    records.add(record(all));
                }
            }
            this.built = records;
            this.objects = null;
            if (seen != null && records.size() == 1) { // the usual message: its object's top-level keys, in order
                this.keys = List.copyOf(records.get(0).tree.keySet());
                return;
            }
            if (seen != null) {
                records.forEach(r -> seen.addAll(r.tree.keySet()));
            }
        } else {
            try (JsonObjects check = new JsonObjects(file, spec.encoding(), document)) {
                while (check.next(false, seen)) {
                    // validating pass
                }
            }
            this.built = null;
            this.objects = new JsonObjects(file, spec.encoding(), document);
        }
        this.keys = seen == null ? null : List.copyOf(seen);
    }

    @Override
    public List<String> inputColumns() {
        return keys;
    }

    @Override
    public RawRecord next() throws IOException {
        if (built != null) {
            return nextBuilt < built.size() ? built.get(nextBuilt++) : null;
        }
        if (!objects.next(true, null)) {
            return null;
        }
        return record(objects);
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
