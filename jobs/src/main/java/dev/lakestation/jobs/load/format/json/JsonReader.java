package dev.lakestation.jobs.load.format.json;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.InputFile;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JSON and JSON_FLAT records ({@link RawRecord#tree}). The input is read twice: a validating pass first
 * (syntax of the whole file, and the union of top-level keys when {@link FormatSpec#needFieldNames()}), so a
 * malformed file fails with {@link dev.lakestation.jobs.load.format.MalformedInputFileException} before any of
 * its records is emitted (Starlake's "Invalid JSON File" fails the whole file), then the emitting pass.
 */
public final class JsonReader implements RecordReader {
    private final FormatSpec spec;
    private final String path;
    private final JsonObjects objects;
    private final List<String> keys;

    /**
     * @param document true for {@code array}/{@code multiline} files and single payloads (one document),
     *                 false for JSON lines
     */
    public JsonReader(FormatSpec spec, InputFile file, boolean document) throws IOException {
        this.spec = spec;
        this.path = file.name();
        Set<String> seen = spec.needFieldNames() ? new LinkedHashSet<>() : null;
        try (JsonObjects check = new JsonObjects(file, spec.encoding(), document)) {
            while (check.next(false, seen)) {
                // validating pass
            }
        }
        this.keys = seen == null ? null : List.copyOf(seen);
        this.objects = new JsonObjects(file, spec.encoding(), document);
    }

    @Override
    public List<String> inputColumns() {
        return keys;
    }

    @Override
    public RawRecord next() throws IOException {
        if (!objects.next(true, null)) {
            return null;
        }
        RawRecord r = new RawRecord();
        r.path = path;
        r.line = objects.line;
        r.offset = objects.offset;
        r.tree = objects.tree;
        if (spec.keepRawText()) {
            r.rawText = objects.lineText();
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        objects.close();
    }
}
