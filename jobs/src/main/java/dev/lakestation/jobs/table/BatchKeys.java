package dev.lakestation.jobs.table;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.runtime.util.collections.LongHashSet;

/**
 * The keys of an incoming batch, for the membership test of each table row in {@link KeySetRewrite}. Equality is
 * {@link RowMerge#key}'s (the key's values as text), so a row read as Avro and a row read column by column
 * ({@link ColumnarRewrite}) give the same answer. A key of one {@code int} or {@code long} column (any logical
 * type: ids, dates, timestamps) is held as primitive longs (Flink's {@link LongHashSet}, no boxing, no string per
 * row; {@code 5} as int and as long are one key, as their text is); any other key as {@code RowMerge.key} strings.
 *
 * <pre>{@code
 * BatchKeys keys = BatchKeys.of(spec.tableSchema(), spec.key());
 * keys.add(incomingRecord);
 * boolean replaced = keys.contains(tableRecord);
 * }</pre>
 */
final class BatchKeys {
    private final List<String> key;
    private final boolean integral;
    private final LongHashSet longs;
    private final Set<String> strings;
    private long size;

    private BatchKeys(List<String> key, boolean integral) {
        this.key = List.copyOf(key);
        this.integral = integral;
        this.longs = integral ? new LongHashSet() : null;
        this.strings = integral ? null : new HashSet<>();
    }

    /** An empty set for the key {@code key} of {@code schema}'s rows. */
    static BatchKeys of(Schema schema, List<String> key) {
        return new BatchKeys(key, key.size() == 1 && isIntegral(schema.getField(key.get(0)).schema()));
    }

    private static boolean isIntegral(Schema s) {
        Schema.Type t = MergeSpec.nonNull(s).getType();
        return t == Schema.Type.INT || t == Schema.Type.LONG;
    }

    /** True when the key is one int or long column: {@link #addLong}, {@link #containsLong}. */
    boolean integral() {
        return integral;
    }

    List<String> columns() {
        return key;
    }

    /** Adds the key of {@code r} (a record holding at least the key columns). */
    void add(GenericRecord r) {
        if (integral) {
            Object v = r.get(key.get(0));
            if (v == null) {
                addNull();
            } else {
                addLong(((Number) v).longValue());
            }
        } else {
            addString(RowMerge.key(r, key));
        }
    }

    /** True when the key of {@code r} is in the set. */
    boolean contains(GenericRecord r) {
        if (integral) {
            Object v = r.get(key.get(0));
            return v == null ? containsNull() : containsLong(((Number) v).longValue());
        }
        return containsString(RowMerge.key(r, key));
    }

    void addLong(long v) {
        if (longs.add(v)) {
            size++;
        }
    }

    /** Adds the null key (integral keys; a string key holds its nulls in its text). */
    void addNull() {
        if (!longs.containsNull()) {
            longs.addNull();
            size++;
        }
    }

    void addString(String k) {
        if (strings.add(k)) {
            size++;
        }
    }

    boolean containsLong(long v) {
        return longs.contains(v);
    }

    /** True when the null key is in the set (integral keys). */
    boolean containsNull() {
        return longs.containsNull();
    }

    boolean containsString(String k) {
        return strings.contains(k);
    }

    /** Number of distinct keys. */
    long size() {
        return size;
    }
}
