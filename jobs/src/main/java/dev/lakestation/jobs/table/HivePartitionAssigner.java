package dev.lakestation.jobs.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Hive-style partition folders for {@code sink.partition}: {@code year=2024/month=3/}. Values are written as
 * Spark writes them (dates {@code yyyy-MM-dd}, timestamps {@code yyyy-MM-dd HH:mm:ss} in UTC), path-escaped like
 * Hive ({@code %3A} for {@code :}); null is {@code __HIVE_DEFAULT_PARTITION__}. An unpartitioned table writes at the
 * base folder.
 */
public final class HivePartitionAssigner implements BucketAssigner<GenericRecord, String> {

    public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final String[] names;
    private final int[] positions;
    private final Kind[] kinds;
    private final Schema[] schemas;
    private static final org.apache.avro.Conversions.DecimalConversion DECIMALS =
            new org.apache.avro.Conversions.DecimalConversion();

    private enum Kind { PLAIN, DATE, TIMESTAMP, DECIMAL }

    /**
     * @param schema  the table's Avro schema
     * @param columns the partition columns (Avro field names), in folder order
     */
    public HivePartitionAssigner(Schema schema, List<String> columns) {
        names = new String[columns.size()];
        positions = new int[columns.size()];
        kinds = new Kind[columns.size()];
        schemas = new Schema[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Schema.Field f = schema.getField(columns.get(i));
            if (f == null) {
                throw new IllegalArgumentException("partition column '" + columns.get(i) + "' is not a column of "
                        + schema.getFullName() + " (columns: " + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
            }
            names[i] = columns.get(i);
            positions[i] = f.pos();
            schemas[i] = unwrap(f.schema());
            LogicalType lt = schemas[i].getLogicalType();
            kinds[i] = lt instanceof LogicalTypes.Date ? Kind.DATE
                    : lt instanceof LogicalTypes.TimestampMillis ? Kind.TIMESTAMP
                    : lt instanceof LogicalTypes.Decimal ? Kind.DECIMAL : Kind.PLAIN;
        }
    }

    private static Schema unwrap(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            for (Schema t : s.getTypes()) {
                if (t.getType() != Schema.Type.NULL) {
                    return t;
                }
            }
        }
        return s;
    }

    @Override
    public String getBucketId(GenericRecord record, Context context) {
        if (names.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(32);
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(escape(names[i])).append('=').append(value(record.get(positions[i]), kinds[i], schemas[i]));
        }
        return b.toString();
    }

    private static String value(Object v, Kind kind, Schema schema) {
        if (v == null) {
            return NULL_PARTITION;
        }
        String text = switch (kind) {
            case DATE -> LocalDate.ofEpochDay(((Number) v).longValue()).toString();
            case TIMESTAMP -> TIMESTAMP.format(Instant.ofEpochMilli(((Number) v).longValue()));
            case DECIMAL -> (v instanceof org.apache.avro.generic.GenericFixed fixed
                    ? DECIMALS.fromFixed(fixed, schema, schema.getLogicalType())
                    : DECIMALS.fromBytes((java.nio.ByteBuffer) v, schema, schema.getLogicalType())).toPlainString();
            case PLAIN -> v.toString();
        };
        return text.isEmpty() ? NULL_PARTITION : escape(text);
    }

    /** Hive's {@code FileUtils.escapePathName}: control characters and Hive's special characters as %XX. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean esc = c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0;
            if (esc) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append('%').append(String.format("%02X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
