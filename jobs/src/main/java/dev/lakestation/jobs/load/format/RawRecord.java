package dev.lakestation.jobs.load.format;

import java.util.Map;

/**
 * One raw record read from an input, before validation. Exactly one of {@link #fields} / {@link #text} /
 * {@link #tree} is set, unless {@link #error} is set.
 *
 * <pre>{@code
 * RawRecord r = reader.next();
 * if (r.error != null) reject(r.path + ":" + r.line + ": " + r.error);
 * else validate(r.fields);
 * }</pre>
 */
public final class RawRecord {
    /** The input file (the same String instance for all records of a split). */
    public String path;
    /** Byte offset where the split began (0 for a whole file). */
    public long splitStart;
    /** 1-based line where the record starts, counted from the split start (absolute when splitStart == 0). */
    public long line;
    /** Absolute byte offset of the record's first byte in the file's bytes (after a BOM). */
    public long offset;
    /** DSV: the values of one data row; null for a nullValue match; "" for empty. */
    public String[] fields;
    /** POSITION: the whole line without terminator. */
    public String text;
    /** JSON / JSON_FLAT / XML: nested LinkedHashMap / List / String / Long / Double / Boolean / BigDecimal / null. */
    public Map<String, Object> tree;
    /** Non-null when this record could not be parsed; says what and where. The record goes to the rejected rows. */
    public String error;
    /** The raw text of the record when available (for rejectWithValue); may be null for tree records. */
    public String rawText;

    @Override
    public String toString() {
        return path + ":" + line + " @" + offset + (error != null ? " error=" + error
                : fields != null ? " " + java.util.Arrays.toString(fields) : text != null ? " " + text : " " + tree);
    }
}
