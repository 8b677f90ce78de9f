package dev.lakestation.jobs.table;

import dev.lakestation.schema.model.WriteStrategyType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The per-key decision of each write strategy: given the table's rows of one key and the incoming rows of that
 * key, the rows the key has after the write. Flink-free (the Flink job calls it once per key, see
 * {@link MergeFunction}); rows are already conformed to {@link MergeSpec#tableSchema()}.
 *
 * <p>Duplicate keys in the incoming batch: one row wins, the same whatever the file order or parallelism —
 * the greatest timestamp when the strategy has one (null is oldest), then the greatest row in Avro's order of
 * the whole record ({@link GenericData#compare}). DELETE_THEN_INSERT keeps every incoming row (it inserts
 * the batch as is).
 */
final class RowMerge implements Serializable {
    private final WriteStrategyType type;
    private final String timestamp;
    private final String startTs;
    private final String endTs;
    private transient Schema schema;
    private final String schemaJson;

    RowMerge(MergeSpec spec) {
        this.type = spec.type();
        this.timestamp = spec.timestamp();
        this.startTs = spec.startTs();
        this.endTs = spec.endTs();
        this.schemaJson = spec.tableSchema().toString();
        this.schema = spec.tableSchema();
    }

    private Schema schema() {
        if (schema == null) {
            schema = new Schema.Parser().parse(schemaJson);
        }
        return schema;
    }

    /** Emits the key's rows after the write; {@code existing} and {@code incoming} may be reordered. */
    void merge(List<GenericRecord> existing, List<GenericRecord> incoming, Consumer<GenericRecord> out) {
        if (incoming.isEmpty()) {
            existing.forEach(out);
            return;
        }
        switch (type) {
            case UPSERT_BY_KEY -> out.accept(winner(incoming));
            case DELETE_THEN_INSERT -> incoming.forEach(out);
            case UPSERT_BY_KEY_AND_TIMESTAMP -> {
                GenericRecord in = winner(incoming);
                GenericRecord newestExisting = existing.isEmpty() ? null : winner(existing);
                if (newestExisting == null || compareTs(in, newestExisting) > 0) {
                    out.accept(in);
                } else {
                    existing.forEach(out);
                }
            }
            case SCD2 -> scd2(existing, winner(incoming), out);
            default -> throw new IllegalStateException("not a merge strategy: " + type);
        }
    }

    private void scd2(List<GenericRecord> existing, GenericRecord in, Consumer<GenericRecord> out) {
        GenericRecord open = null;
        for (GenericRecord r : existing) {
            if (r.get(endTs) == null && (open == null || compareTs(r, open) > 0)) {
                open = r;
            }
        }
        Object inTs = in.get(timestamp);
        if (open != null && compareTs(in, open) <= 0) {
            existing.forEach(out); // older (or same) incoming row: nothing changes
            return;
        }
        long at = inTs == null ? Long.MIN_VALUE : millis(inTs);
        if (open != null && inTs == null) {
            existing.forEach(out); // an incoming row without timestamp cannot be newer
            return;
        }
        for (GenericRecord r : existing) {
            if (r == open) {
                GenericRecord closed = new GenericData.Record((GenericData.Record) r, false);
                closed.put(endTs, at);
                out.accept(closed);
            } else {
                out.accept(r);
            }
        }
        GenericRecord opened = new GenericData.Record((GenericData.Record) in, false);
        opened.put(startTs, inTs == null ? null : at);
        opened.put(endTs, null);
        out.accept(opened);
    }

    /** The timestamp column's value as epoch milliseconds (the start/end columns are timestamp-millis). */
    private long millis(Object v) {
        LogicalType lt = MergeSpec.nonNull(schema().getField(timestamp).schema()).getLogicalType();
        long n = ((Number) v).longValue();
        if (lt instanceof LogicalTypes.Date) {
            return n * 86_400_000L;
        }
        if (lt instanceof LogicalTypes.TimestampMicros) {
            return Math.floorDiv(n, 1000L);
        }
        return n;
    }

    /** The row that wins among rows of one key: newest timestamp (null oldest), then greatest whole row. */
    GenericRecord winner(List<GenericRecord> rows) {
        GenericRecord best = rows.get(0);
        for (int i = 1; i < rows.size(); i++) {
            GenericRecord r = rows.get(i);
            int c = timestamp == null ? 0 : compareTs(r, best);
            if (c > 0 || c == 0 && GenericData.get().compare(r, best, schema()) > 0) {
                best = r;
            }
        }
        return best;
    }

    private int compareTs(GenericRecord a, GenericRecord b) {
        Object x = a.get(timestamp);
        Object y = b.get(timestamp);
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        return GenericData.get().compare(x, y, MergeSpec.nonNull(schema().getField(timestamp).schema()));
    }

    /** A copy of {@code in} with {@code target}'s fields, matched by name (absent ones null or their default). */
    static GenericRecord conform(GenericRecord in, Schema target) {
        if (in.getSchema().equals(target)) {
            return in;
        }
        GenericData.Record out = new GenericData.Record(target);
        Schema source = in.getSchema();
        for (Schema.Field f : target.getFields()) {
            Schema.Field s = source.getField(f.name());
            if (s != null) {
                out.put(f.pos(), in.get(s.pos()));
            } else if (f.hasDefaultValue()) {
                out.put(f.pos(), GenericData.get().getDefaultValue(f));
            } else {
                out.put(f.pos(), null);
            }
        }
        return out;
    }

    /** The key of a row as one string (NUL-separated; null values distinct from "null"). */
    static String key(GenericRecord r, List<String> columns) {
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
            Object v = r.get(c);
            if (v == null) {
                b.append('\u0001');
            } else if (v instanceof java.nio.ByteBuffer bb) {
                for (int i = bb.position(); i < bb.limit(); i++) {
                    b.append(String.format("%02x", bb.get(i)));
                }
            } else if (v instanceof GenericData.Fixed fx) {
                for (byte x : fx.bytes()) {
                    b.append(String.format("%02x", x));
                }
            } else {
                b.append(v);
            }
            b.append('\u0000');
        }
        return b.toString();
    }

    static List<GenericRecord> list(Iterable<GenericRecord> it) {
        List<GenericRecord> out = new ArrayList<>();
        if (it != null) {
            it.forEach(out::add);
        }
        return out;
    }
}
