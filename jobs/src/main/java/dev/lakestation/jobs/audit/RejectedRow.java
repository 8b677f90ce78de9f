package dev.lakestation.jobs.audit;

import dev.lakestation.jobs.table.ParquetWriters;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.formats.parquet.ParquetWriterFactory;

/**
 * One rejected input record: Starlake's {@code audit.rejected} columns ({@code jobid, timestamp, domain, schema,
 * error, path}) plus {@code line} and {@code offset} (null when unknown), {@code value} (the raw record, only
 * with {@code rejectWithValue}) and, for a rejected station message, {@code station}, {@code partition} and
 * {@code sequence} instead of a line and offset. Avro schema: {@code rejected-row.avsc} next to this class.
 *
 * <pre>{@code
 * FileSink<GenericRecord> sink = FileSink.forBulkFormat(new Path(area.stagingDir(jobId).toUri()),
 *         RejectedRow.writerFactory()).build();
 * rejects.map(x -> new RejectedRow(jobId, now, "sales", "orders", x.rejection().render(file), file, line, null,
 *         null).toRecord()).sinkTo(sink);
 * }</pre>
 *
 * @param jobid     run id
 * @param timestamp when the record was rejected (the job's start in Starlake)
 * @param domain    domain
 * @param schema    table
 * @param error     {@code Rejection.render(file)}: {@code "ERR -> \n" + errors + "\n\nFILE -> " + file}
 * @param path      the input file
 * @param line      1-based line or record index in the file, null when unknown
 * @param offset    byte offset of the record in the file, null when unknown
 * @param value     the raw record (rejectWithValue), else null
 * @param station   the station of a rejected message (station loads), else null; {@code path} is then
 *                  {@code station:<station>#<partition>@<sequence>}
 * @param partition the message's station partition, else null
 * @param sequence  the message's stream sequence in its partition, else null
 */
public record RejectedRow(String jobid, Instant timestamp, String domain, String schema, String error, String path,
                          Long line, Long offset, String value, String station, Integer partition, Long sequence) {
    /** The Avro schema of rejected rows. */
    public static final Schema SCHEMA = AvroResources.load("rejected-row.avsc");

    public RejectedRow {
        Objects.requireNonNull(jobid, "jobid");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(path, "path");
    }

    /** A rejected row of a file load (no station columns). */
    public RejectedRow(String jobid, Instant timestamp, String domain, String schema, String error, String path,
            Long line, Long offset, String value) {
        this(jobid, timestamp, domain, schema, error, path, line, offset, value, null, null, null);
    }

    /** This row as an Avro record of {@link #SCHEMA}. */
    public GenericRecord toRecord() {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put(0, jobid);
        r.put(1, timestamp.toEpochMilli());
        r.put(2, domain);
        r.put(3, schema);
        r.put(4, error);
        r.put(5, path);
        r.put(6, line);
        r.put(7, offset);
        r.put(8, value);
        r.put(9, station);
        r.put(10, partition);
        r.put(11, sequence);
        return r;
    }

    /** Parquet files of rejected rows for {@code FileSink.forBulkFormat} (snappy). */
    public static ParquetWriterFactory<GenericRecord> writerFactory() {
        return ParquetWriters.forGenericRecord(SCHEMA);
    }
}
