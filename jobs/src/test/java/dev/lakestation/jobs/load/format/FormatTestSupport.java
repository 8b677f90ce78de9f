package dev.lakestation.jobs.load.format;

import dev.lakestation.schema.model.Format;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: specs with defaults, files on disk, reading every record. */
public final class FormatTestSupport {
    private FormatTestSupport() {
    }

    public static FormatSpec dsv(String sep, boolean header) {
        return new FormatSpec(Format.DSV, "UTF-8", false, false, header, sep, "\"", "\\", "", 0, null, false,
                false, false);
    }

    public static FormatSpec dsv(String sep, boolean header, String encoding, boolean multiline, int skipRows,
                                 String nullValue) {
        return new FormatSpec(Format.DSV, encoding, multiline, false, header, sep, "\"", "\\", nullValue, skipRows,
                null, false, false, false);
    }

    public static FormatSpec position(String encoding) {
        return new FormatSpec(Format.POSITION, encoding, false, false, false, ";", "\"", "\\", "", 0, null, false,
                false, false);
    }

    public static FormatSpec json(boolean array, boolean needFieldNames) {
        return new FormatSpec(Format.JSON, "UTF-8", false, array, true, ";", "\"", "\\", "", 0, null,
                needFieldNames, false, false);
    }

    public static FormatSpec xml(String rowTag, boolean needFieldNames) {
        return new FormatSpec(Format.XML, "UTF-8", false, false, true, ";", "\"", "\\", "", 0, rowTag,
                needFieldNames, false, false);
    }

    public static java.nio.file.Path write(java.nio.file.Path dir, String name, byte[] content) throws IOException {
        java.nio.file.Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    public static Path flink(java.nio.file.Path p) {
        return new Path(p.toUri());
    }

    public static List<RawRecord> readAll(FormatSpec spec, java.nio.file.Path file) throws IOException {
        return readAll(spec, file, 0, Long.MAX_VALUE);
    }

    public static List<RawRecord> readAll(FormatSpec spec, java.nio.file.Path file, long start, long end)
            throws IOException {
        try (RecordReader r = Readers.open(spec, flink(file), start, end)) {
            return drain(r);
        }
    }

    public static List<RawRecord> drain(RecordReader r) throws IOException {
        List<RawRecord> out = new ArrayList<>();
        for (RawRecord rec; (rec = r.next()) != null; ) {
            out.add(rec);
        }
        return out;
    }

    public static List<List<String>> fields(List<RawRecord> records) {
        List<List<String>> out = new ArrayList<>();
        for (RawRecord r : records) {
            out.add(r.fields == null ? null : java.util.Arrays.asList(r.fields));
        }
        return out;
    }
}
