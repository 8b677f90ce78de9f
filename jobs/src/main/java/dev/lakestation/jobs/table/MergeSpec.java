package dev.lakestation.jobs.table;

import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;
import dev.lakestation.schema.project.Settings;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * What a write strategy needs to know about a table, validated: the strategy, the table's Avro schema (for SCD2
 * the incoming schema plus the start/end columns), the key, the timestamp, the partition columns.
 *
 * <pre>{@code
 * MergeSpec spec = MergeSpec.of("sales.orders", table.metadata().resolveWriteStrategy(), validator.schema(),
 *         table.metadata().resolveSink().partition(), project.settings());
 * }</pre>
 *
 * @param table       {@code domain.table}, for messages
 * @param type        the strategy
 * @param tableSchema the schema of the table's rows after the write (the incoming rows are conformed to it by name)
 * @param key         key columns (Avro field names); empty for APPEND/OVERWRITE/OVERWRITE_BY_PARTITION
 * @param timestamp   the timestamp column, or null
 * @param partition   {@code sink.partition} columns (Avro field names), possibly empty
 * @param startTs     SCD2 start column, or null for other strategies
 * @param endTs       SCD2 end column, or null for other strategies
 * @param source      the file the strategy is declared in (a table's {@code .sl.yml}, a task's file), relative to
 *                    the project root, for messages; null when unknown
 */
public record MergeSpec(String table, WriteStrategyType type, Schema tableSchema, List<String> key, String timestamp,
                        List<String> partition, String startTs, String endTs, String source)
        implements java.io.Serializable {

    public MergeSpec {
        key = List.copyOf(key);
        partition = List.copyOf(partition);
    }

    /** {@link #of(String, WriteStrategy, Schema, List, Settings, String)} without a source file. */
    public static MergeSpec of(String table, WriteStrategy ws, Schema incomingSchema, List<String> partition,
                               Settings settings) {
        return of(table, ws, incomingSchema, partition, settings, null);
    }

    /**
     * Validates {@code ws} against {@code incomingSchema} (the staged rows' schema).
     *
     * @param source the YAML or task file declaring the strategy (named in every message), or null
     *
     * @throws IllegalArgumentException naming the table and the column when a key, timestamp or partition column
     *                                  is missing, or the strategy is used with an option we do not support
     */
    public static MergeSpec of(String table, WriteStrategy ws, Schema incomingSchema, List<String> partition,
                               Settings settings, String source) {
        WriteStrategyType type = ws.effectiveType();
        String where = label(table, source) + ": writeStrategy " + type;
        if (ws.queryFilter() != null && !ws.queryFilter().isBlank()) {
            // Starlake applies queryFilter only when merging into BigQuery (the target rows the merge reads);
            // on file tables it was never applied. Refused rather than ignored: a user relying on it would
            // otherwise get a merge over the whole table without being told.
            throw new IllegalArgumentException(where + ": queryFilter is not supported on Parquet tables (Starlake"
                    + " applies it only to BigQuery targets; remove it: the merge prunes files and partitions itself)");
        }
        if (type.requiresKey() && ws.key().isEmpty()) {
            throw new IllegalArgumentException(where + " needs a key (writeStrategy.key: [column, ...])");
        }
        if (type.requiresTimestamp() && (ws.timestamp() == null || ws.timestamp().isBlank())) {
            throw new IllegalArgumentException(where + " needs a timestamp column (writeStrategy.timestamp)");
        }
        if (type == WriteStrategyType.OVERWRITE_BY_PARTITION && partition.isEmpty()) {
            throw new IllegalArgumentException(where + " needs sink.partition columns");
        }
        for (String c : ws.key()) {
            column(where, incomingSchema, c, "key");
        }
        for (String c : partition) {
            column(where, incomingSchema, c, "partition");
        }
        String ts = type.requiresTimestamp() ? ws.timestamp() : null;
        if (ts != null) {
            column(where, incomingSchema, ts, "timestamp");
        }
        Schema schema = incomingSchema;
        String start = null;
        String end = null;
        if (type == WriteStrategyType.SCD2) {
            LogicalType lt = nonNull(incomingSchema.getField(ts).schema()).getLogicalType();
            if (!(lt instanceof LogicalTypes.TimestampMillis || lt instanceof LogicalTypes.TimestampMicros
                    || lt instanceof LogicalTypes.Date)) {
                throw new IllegalArgumentException(where + ": timestamp column '" + ts
                        + "' must be a timestamp or a date (it becomes " + "the versions' start and end)");
            }
            start = ws.startTs() != null ? ws.startTs() : settings == null ? "sl_start_ts" : settings.scd2StartTimestamp();
            end = ws.endTs() != null ? ws.endTs() : settings == null ? "sl_end_ts" : settings.scd2EndTimestamp();
            schema = withScd2Columns(incomingSchema, start, end);
        }
        return new MergeSpec(table, type, schema, ws.key(), ts, partition, start, end, source);
    }

    /** {@code table d.t (file)} for messages. */
    public String label() {
        return label(table, source);
    }

    private static String label(String table, String source) {
        return "table " + table + (source == null ? "" : " (" + source + ")");
    }

    private static void column(String where, Schema schema, String name, String role) {
        if (schema.getField(name) == null) {
            throw new IllegalArgumentException(where + ": " + role + " column '" + name + "' is not a column of the"
                    + " table (columns: " + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
        }
    }

    /** The incoming schema with nullable {@code timestamp-millis} start/end columns added when absent. */
    static Schema withScd2Columns(Schema incoming, String start, String end) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : incoming.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema ts = Schema.createUnion(Schema.create(Schema.Type.NULL),
                LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)));
        for (String c : List.of(start, end)) {
            if (incoming.getField(c) == null) {
                fields.add(new Schema.Field(c, ts, null, Schema.Field.NULL_DEFAULT_VALUE));
            }
        }
        Schema out = Schema.createRecord(incoming.getName(), incoming.getDoc(), incoming.getNamespace(), false);
        out.setFields(fields);
        return out;
    }

    static Schema nonNull(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            for (Schema t : s.getTypes()) {
                if (t.getType() != Schema.Type.NULL) {
                    return t;
                }
            }
        }
        return s;
    }

    /** True when the strategy merges by key (reads existing rows). */
    public boolean mergesByKey() {
        return type == WriteStrategyType.UPSERT_BY_KEY || type == WriteStrategyType.UPSERT_BY_KEY_AND_TIMESTAMP
                || type == WriteStrategyType.DELETE_THEN_INSERT || type == WriteStrategyType.SCD2;
    }
}
