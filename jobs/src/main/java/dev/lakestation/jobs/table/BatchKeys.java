package dev.lakestation.jobs.table;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The keys of an incoming batch, for the membership test of each table row in {@link KeySetRewrite}. Equality is
 * {@link RowMerge#key}'s (the key's values as text), so a row read as Avro and a row read column by column
 * ({@link ColumnarRewrite}) give the same answer. A key of one {@code int} or {@code long} column (any logical
 * type: ids, dates, timestamps) is held as a sorted array of longs ({@code 5} as int and as long are one key, as
 * their text is): no boxing, no string per row, and a lookup starts from the previous one's position, so the
 * rows of a file sorted by key (ids written in order) walk the array forwards instead of missing the cache at
 * every probe of a hash table of the batch's size (measured: a fifth of the rewrite's CPU with a hash set of
 * 200,000 keys); other orders fall back to a binary search. Any other key is held as {@code RowMerge.key}
 * strings in a hash set.
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
    private final Set<String> strings;
    /** Integral keys: {@code longs[0..count)}, sorted and distinct when {@code sorted}. */
    private long[] longs;
    private int count;
    private boolean sorted = true;
    private boolean hasNull;
    /** Index of the first key not smaller than the last looked-up value. */
    private int cursor;

    private BatchKeys(List<String> key, boolean integral) {
        this.key = List.copyOf(key);
        this.integral = integral;
        this.longs = integral ? new long[1024] : null;
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
        if (count == longs.length) {
            longs = java.util.Arrays.copyOf(longs, count * 2);
        }
        longs[count++] = v;
        sorted = false;
    }

    /** Adds the null key (integral keys; a string key holds its nulls in its text). */
    void addNull() {
        hasNull = true;
    }

    void addString(String k) {
        strings.add(k);
    }

    boolean containsLong(long v) {
        if (!sorted) {
            sort();
        }
        long[] a = longs;
        int n = count;
        int c = cursor;
        if (c > 0 && a[c - 1] >= v) {
            c = 0;                                 // below the previous lookup: search from the start
        }
        // gallop forwards from the cursor to a window holding the first key >= v, then bisect it
        int step = 1;
        int lo = c;
        int hi = c;
        while (hi < n && a[hi] < v) {
            lo = hi + 1;
            hi += step;
            step <<= 1;
        }
        hi = Math.min(hi, n);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        cursor = lo;
        return lo < n && a[lo] == v;
    }

    /** True when the null key is in the set (integral keys). */
    boolean containsNull() {
        return hasNull;
    }

    boolean containsString(String k) {
        return strings.contains(k);
    }

    /** Number of distinct keys. */
    long size() {
        if (!integral) {
            return strings.size();
        }
        if (!sorted) {
            sort();
        }
        return count + (hasNull ? 1 : 0);
    }

    private void sort() {
        java.util.Arrays.sort(longs, 0, count);
        int distinct = 0;
        for (int i = 0; i < count; i++) {
            if (distinct == 0 || longs[distinct - 1] != longs[i]) {
                longs[distinct++] = longs[i];
            }
        }
        count = distinct;
        sorted = true;
        cursor = 0;
    }
}
