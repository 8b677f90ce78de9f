package dev.lakestation.jobs.load;

import org.apache.avro.generic.GenericRecord;

/**
 * The outcome of one input record of a load, as it travels from the reader to the sinks: an accepted typed row,
 * a rejected record with its error text and position, or a row the table {@code filter} removed (counted only).
 * Immutable.
 */
public final class LoadRow {

    /** What happened to the record. */
    public enum Kind { ACCEPTED, REJECTED, FILTERED }

    private final Kind kind;
    private final GenericRecord record;
    private final String error;
    private final String path;
    private final long line;
    private final long offset;
    private final String value;
    private final String station;
    private final int partition;
    private final long sequence;

    private LoadRow(Kind kind, GenericRecord record, String error, String path, long line, long offset, String value) {
        this(kind, record, error, path, line, offset, value, null, -1, -1);
    }

    private LoadRow(Kind kind, GenericRecord record, String error, String path, long line, long offset, String value,
            String station, int partition, long sequence) {
        this.kind = kind;
        this.record = record;
        this.error = error;
        this.path = path;
        this.line = line;
        this.offset = offset;
        this.value = value;
        this.station = station;
        this.partition = partition;
        this.sequence = sequence;
    }

    public static LoadRow accepted(GenericRecord record) {
        return new LoadRow(Kind.ACCEPTED, record, null, null, -1, -1, null);
    }

    public static LoadRow filtered() {
        return FILTERED;
    }

    private static final LoadRow FILTERED = new LoadRow(Kind.FILTERED, null, null, null, -1, -1, null);

    /**
     * @param error  Starlake's rejected text ({@code ERR -> ... FILE -> path})
     * @param line   1-based line of the record in its file, -1 when unknown
     * @param offset byte offset of the record in its file, -1 when unknown
     * @param value  the raw record (only with {@code rejectWithValue}), else null
     */
    public static LoadRow rejected(String error, String path, long line, long offset, String value) {
        return new LoadRow(Kind.REJECTED, null, error, path, line, offset, value);
    }

    /**
     * This row as the outcome of a station message: a rejected row then names the station, partition and stream
     * sequence instead of a file line and offset. Accepted and filtered rows are returned as they are.
     */
    public LoadRow fromMessage(String station, int partition, long sequence) {
        if (kind != Kind.REJECTED) {
            return this;
        }
        return new LoadRow(kind, null, error, path, -1, -1, value, station, partition, sequence);
    }

    public Kind kind() {
        return kind;
    }

    /** The accepted row (schema = the table's Avro schema); null unless {@link Kind#ACCEPTED}. */
    public GenericRecord record() {
        return record;
    }

    public String error() {
        return error;
    }

    public String path() {
        return path;
    }

    public long line() {
        return line;
    }

    public long offset() {
        return offset;
    }

    public String value() {
        return value;
    }

    /** The station of a rejected message, else null. */
    public String station() {
        return station;
    }

    /** The station partition of a rejected message, -1 otherwise. */
    public int partition() {
        return partition;
    }

    /** The stream sequence of a rejected message, -1 otherwise. */
    public long sequence() {
        return sequence;
    }
}
