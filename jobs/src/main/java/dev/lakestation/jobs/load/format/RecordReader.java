package dev.lakestation.jobs.load.format;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Reads the records of one split of one file, in order. Not thread-safe.
 *
 * <pre>{@code
 * try (RecordReader r = Readers.open(spec, new Path("s3://bucket/in/orders.csv"), 0, Long.MAX_VALUE)) {
 *     List<String> header = r.inputColumns();
 *     for (RawRecord rec; (rec = r.next()) != null; ) { ... }
 * }
 * }</pre>
 */
public interface RecordReader extends Closeable {
    /**
     * DSV with header: the header columns (read from the file start even when the split starts later);
     * JSON/XML: the union of the top-level keys of all records of the file when requested
     * ({@link FormatSpec#needFieldNames()}), else null. Known before the first {@link #next()}.
     */
    List<String> inputColumns();

    /**
     * The next record, or null at the end of the split. A malformed whole document (JSON/XML) throws
     * {@link MalformedInputFileException} naming the file, line and offset.
     */
    RawRecord next() throws IOException;
}
