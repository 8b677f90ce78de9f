package dev.lakestation.jobs.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * The schema policy of a merge, checked before anything is written: the merge keeps rows written under the
 * table's earlier schema, so each column they share must keep its type. A column added to the YAML must be
 * nullable (old rows read back with null); a removed column disappears from the rewritten rows. A retyped
 * column is refused, naming it — OVERWRITE rewrites the table and accepts any change.
 */
final class SchemaEvolution {
    private SchemaEvolution() {
    }

    /**
     * @param label        {@code table d.t (file.sl.yml)}, for messages
     * @param retypesOnly  true when the existing files are kept as they are (APPEND, OVERWRITE_BY_PARTITION):
     *                     only a changed type is refused, a new required column is not (no old row is rewritten)
     * @throws IllegalArgumentException naming the table and the first incompatible column
     */
    static void check(String label, Schema target, List<String> partition, List<Path> files, boolean retypesOnly) {
        Set<String> seen = new HashSet<>();
        for (Path f : files) {
            Schema old = fileSchema(f);
            if (!seen.add(old.toString())) {
                continue;
            }
            for (Schema.Field t : target.getFields()) {
                Schema.Field o = old.getField(t.name());
                if (o == null) {
                    if (partition.contains(t.name())) {
                        continue; // kept in the folder names only (Flink SQL, Hive): read from the path
                    }
                    if (!retypesOnly && !nullable(t.schema()) && !t.hasDefaultValue()) {
                        throw new IllegalArgumentException(label + ": column '" + t.name() + "' is new"
                                + " and required, but the table's rows have no value for it (" + f.getFileName()
                                + "); make it nullable or load with OVERWRITE");
                    }
                } else if (!sameType(MergeSpec.nonNull(o.schema()), MergeSpec.nonNull(t.schema()))) {
                    throw new IllegalArgumentException(label + ": column '" + t.name() + "' is "
                            + describe(o.schema()) + " in the table (" + f.getFileName() + ") but "
                            + describe(t.schema()) + " now; the write keeps existing rows, so the type change is"
                            + " refused before anything is written (OVERWRITE rewrites the table)");
                }
            }
        }
    }

    private static boolean sameType(Schema a, Schema b) {
        if (a.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal da
                && b.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal db) {
            // fixed(n) or bytes, any fixed name (Flink SQL, parquet-avro, our writer differ): the values are the
            // same when precision and scale are
            return da.getPrecision() == db.getPrecision() && da.getScale() == db.getScale();
        }
        if (a.getType() == Schema.Type.FIXED && a.getFixedSize() == 12 && b.getType() == Schema.Type.LONG
                && (b.getLogicalType() instanceof org.apache.avro.LogicalTypes.TimestampMillis
                || b.getLogicalType() instanceof org.apache.avro.LogicalTypes.TimestampMicros)) {
            return true; // INT96 timestamp (Flink SQL, Spark): read as the timestamp it is
        }
        if (a.getType() == Schema.Type.LONG && b.getType() == Schema.Type.LONG
                && unit(a.getLogicalType()) != null && unit(a.getLogicalType()).equals(unit(b.getLogicalType()))) {
            return true; // local-timestamp-* (Flink SQL's TIMESTAMP) and timestamp-*: the same epoch values
        }
        if (a.getType() != b.getType() || !Objects.equals(a.getLogicalType(), b.getLogicalType())) {
            return false;
        }
        return switch (a.getType()) {
            case RECORD, ARRAY, MAP, UNION, FIXED -> a.equals(b) || compatibleNested(a, b);
            default -> true;
        };
    }

    private static String unit(org.apache.avro.LogicalType t) {
        if (t instanceof org.apache.avro.LogicalTypes.TimestampMillis
                || t instanceof org.apache.avro.LogicalTypes.LocalTimestampMillis) {
            return "millis";
        }
        if (t instanceof org.apache.avro.LogicalTypes.TimestampMicros
                || t instanceof org.apache.avro.LogicalTypes.LocalTimestampMicros) {
            return "micros";
        }
        return null;
    }

    private static boolean compatibleNested(Schema a, Schema b) {
        if (a.getType() == Schema.Type.ARRAY) {
            return sameType(MergeSpec.nonNull(a.getElementType()), MergeSpec.nonNull(b.getElementType()));
        }
        if (a.getType() == Schema.Type.RECORD) {
            for (Schema.Field f : b.getFields()) {
                Schema.Field o = a.getField(f.name());
                if (o != null && !sameType(MergeSpec.nonNull(o.schema()), MergeSpec.nonNull(f.schema()))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean nullable(Schema s) {
        return s.getType() == Schema.Type.NULL || s.getType() == Schema.Type.UNION
                && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    private static String describe(Schema s) {
        Schema n = MergeSpec.nonNull(s);
        if (n.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        return n.getLogicalType() != null ? n.getLogicalType().getName() : n.getType().getName();
    }

    /** The file's Avro schema: the one parquet-avro stored, else converted (INT96 as fixed(12)). */
    static Schema avroSchema(ParquetFileReader r) {
        String avro = r.getFooter().getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema");
        if (avro != null) {
            return new Schema.Parser().parse(avro);
        }
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        conf.setBoolean(org.apache.parquet.avro.AvroReadSupport.READ_INT96_AS_FIXED, true);
        return new AvroSchemaConverter(conf).convert(r.getFooter().getFileMetaData().getSchema());
    }

    private static Schema fileSchema(Path file) {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            return avroSchema(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema of " + file, e);
        }
    }
}
