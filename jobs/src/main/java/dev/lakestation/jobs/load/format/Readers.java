package dev.lakestation.jobs.load.format;

import dev.lakestation.jobs.load.format.dsv.DsvReader;
import dev.lakestation.jobs.load.format.json.JsonReader;
import dev.lakestation.jobs.load.format.position.PositionReader;
import dev.lakestation.jobs.load.format.xml.XmlReader;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/**
 * Opens the {@link RecordReader} of a table's format over a file, a byte range of it, or a station payload.
 *
 * <pre>{@code
 * FormatSpec spec = FormatSpec.of(table, false);
 * long len = path.getFileSystem().getFileStatus(path).getLen();
 * try (RecordReader r = Readers.open(spec, path, 0, len / 2)) { ... }       // first half
 * try (RecordReader r = Readers.open(spec, path, len / 2, len)) { ... }     // second half: every line once
 * }</pre>
 */
public final class Readers {
    private Readers() {
    }

    /**
     * Reader over bytes [start, end) of a file: a split that does not start at 0 skips to the first line
     * start at or after {@code start}; a split reads every record that starts before {@code end}, so adjacent
     * splits read every line exactly once. {@code end} = Long.MAX_VALUE or the length for a whole file. Only
     * {@link FormatSpec#splittable(String) splittable} formats accept {@code start > 0}.
     */
    public static RecordReader open(FormatSpec spec, Path file, long start, long end) throws IOException {
        return open(spec, InputFile.of(file), start, end, false);
    }

    /**
     * One station message payload in the table's format: one JSON document (an object, or an array of
     * objects), one DSV record (no skipRows/header; quoted line ends allowed), POSITION lines, XML holding
     * rowTag elements (the payload's root may be the rowTag element itself). With
     * {@link FormatSpec#payloadIsFile()} the payload is read exactly like a file.
     */
    public static RecordReader openPayload(FormatSpec spec, String sourceName, byte[] payload) throws IOException {
        return open(spec, InputFile.of(sourceName, payload), 0, Long.MAX_VALUE, !spec.payloadIsFile());
    }

    static RecordReader open(FormatSpec spec, InputFile file, long start, long end, boolean single)
            throws IOException {
        boolean lineFormat = spec.format() == dev.lakestation.schema.model.Format.DSV && !spec.multiline()
                || spec.format() == dev.lakestation.schema.model.Format.POSITION;
        if (start > 0 && !lineFormat) {
            throw new IllegalArgumentException(file.name() + ": " + spec.format()
                    + (spec.multiline() ? " multiline" : "") + " files are not splittable (start " + start + ")");
        }
        switch (spec.format()) {
            case DSV:
                return new DsvReader(spec, file, start, end, single);
            case POSITION:
                return new PositionReader(spec.encoding(), file, start, end);
            case JSON:
            case JSON_FLAT:
                return new JsonReader(spec, file, single || spec.array() || spec.multiline());
            case XML:
                return new XmlReader(spec, file);
            default:
                throw new IllegalArgumentException("no reader for format " + spec.format());
        }
    }
}
