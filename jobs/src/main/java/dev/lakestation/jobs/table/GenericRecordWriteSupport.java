package dev.lakestation.jobs.table;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Avro records straight to Parquet's {@link RecordConsumer}, field by field by position, with one writer per
 * field computed once from the schema (parquet-avro's {@code AvroWriteSupport} resolves the schema, the logical
 * type and a conversion for every value of every record). The Parquet schema is parquet-avro's own conversion of
 * the Avro schema (3-level lists), and the Avro schema is stored in the footer under {@code parquet.avro.schema},
 * so {@code AvroParquetReader} reads the files back as if parquet-avro had written them.
 *
 * <p><b>Flat schemas</b> (every field a primitive, nullable or not: what a load of a flat table writes) skip
 * parquet-mr's {@code MessageColumnIO} record consumer — its per-field start/end calls, level bookkeeping and
 * missing-field bitsets cost about a fifth of the writer's CPU — and write each value straight to its column's
 * {@link ColumnWriter} with repetition level 0 and definition level 0 (null) or the column's maximum, then end the
 * record on the {@link ColumnWriteStore}: exactly the calls the record consumer makes for such a schema, so the
 * pages are the same (Iceberg's Parquet writer also writes to the column writers). parquet-mr hands a write support
 * only the record consumer, so the column store is taken from its private {@code columns} field; when that is not
 * possible (another parquet-mr, debug logging's wrapping consumer), the record consumer path is used, with the
 * same output. {@code ParquetWritersTest} checks that the direct path is taken with the parquet-mr we ship.
 *
 * <p>Supported: records, {@code ["null", T]} unions, arrays, primitives, enums, fixed and bytes, the logical types
 * {@code date} (Integer or LocalDate), {@code timestamp-millis} (Long or Instant) and {@code decimal} on fixed or
 * bytes (GenericFixed/ByteBuffer or BigDecimal). Maps and other unions are refused when the writer is built.
 */
final class GenericRecordWriteSupport extends WriteSupport<IndexedRecord> {
    private final Schema schema;
    private final FieldWriter[] fields;
    private final boolean flat;
    private RecordConsumer consumer;
    /** Flat schemas, when the column store could be reached: the store and one column writer per field. */
    private ColumnWriteStore columns;
    private ColumnWriter[] columnWriters;
    private int[] definitionLevels;
    private final ColumnConsumer column = new ColumnConsumer();

    GenericRecordWriteSupport(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Parquet needs a record schema, got " + schema.getType());
        }
        this.schema = schema;
        this.fields = fieldWriters(schema, schema.getFullName());
        this.flat = schema.getFields().stream().allMatch(f -> isPrimitive(f.schema()));
    }

    private static boolean isPrimitive(Schema s) {
        return switch (s.getType()) {
            case RECORD, ARRAY, MAP -> false;
            case UNION -> s.getTypes().stream().allMatch(GenericRecordWriteSupport::isPrimitive);
            default -> true;
        };
    }

    /** The Parquet schema parquet-avro derives from {@code schema} with standard 3-level lists. */
    static MessageType parquetSchema(Schema schema) {
        Configuration conf = new Configuration(false);
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        return new AvroSchemaConverter(conf).convert(schema);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return context();
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return context();
    }

    private WriteContext context() {
        Map<String, String> meta = new HashMap<>();
        meta.put("parquet.avro.schema", schema.toString());
        meta.put("writer.model.name", "avro");
        return new WriteContext(parquetSchema(schema), meta);
    }

    @Override
    public String getName() {
        return "avro";
    }

    /** Called by parquet-mr at the start of the file and after each row group, with a new consumer and store. */
    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
        this.columns = flat ? columnStore(recordConsumer) : null;
        if (columns != null) {
            List<ColumnDescriptor> descriptors = parquetSchema(schema).getColumns();
            columnWriters = new ColumnWriter[fields.length];
            definitionLevels = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                columnWriters[i] = columns.getColumnWriter(descriptors.get(i));
                definitionLevels[i] = descriptors.get(i).getMaxDefinitionLevel();
            }
        }
    }

    /** True when records go straight to the column writers (flat schema, column store reachable). */
    boolean writesColumnsDirectly() {
        return columns != null;
    }

    /** The {@code columns} field of parquet-mr's {@code MessageColumnIORecordConsumer}, or null. */
    static ColumnWriteStore columnStore(RecordConsumer recordConsumer) {
        try {
            Field f = recordConsumer.getClass().getDeclaredField("columns");
            if (!ColumnWriteStore.class.isAssignableFrom(f.getType())) {
                return null;
            }
            f.setAccessible(true);
            return (ColumnWriteStore) f.get(recordConsumer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another parquet-mr, or a wrapping consumer: the record consumer path writes the same
        }
    }

    @Override
    public void write(IndexedRecord record) {
        if (columns != null) {
            writeColumns(record);
            return;
        }
        RecordConsumer c = consumer;
        c.startMessage();
        writeFields(c, fields, record);
        c.endMessage();
    }

    /** A flat record: repetition level 0; definition level 0 for null, the column's maximum for a value. */
    private void writeColumns(IndexedRecord record) {
        FieldWriter[] fs = fields;
        ColumnConsumer c = column;
        for (int i = 0; i < fs.length; i++) {
            FieldWriter f = fs[i];
            Object v = record.get(f.index);
            if (v == null) {
                if (!f.nullable || definitionLevels[i] == 0) {
                    throw new NullPointerException("null value for the required field " + f.path);
                }
                columnWriters[i].writeNull(0, 0);
                continue;
            }
            c.writer = columnWriters[i];
            c.definitionLevel = definitionLevels[i];
            f.value.write(c, v);
        }
        columns.endRecord();
    }

    private static void writeFields(RecordConsumer c, FieldWriter[] fields, IndexedRecord record) {
        for (FieldWriter f : fields) {
            Object v = record.get(f.index);
            if (v == null) {
                if (!f.nullable) {
                    throw new NullPointerException("null value for the required field " + f.path);
                }
                continue;
            }
            c.startField(f.name, f.index);
            f.value.write(c, v);
            c.endField(f.name, f.index);
        }
    }

    private static FieldWriter[] fieldWriters(Schema record, String path) {
        List<Schema.Field> fs = record.getFields();
        FieldWriter[] out = new FieldWriter[fs.size()];
        for (Schema.Field f : fs) {
            Schema s = f.schema();
            boolean nullable = false;
            String fieldPath = path + "." + f.name();
            if (s.getType() == Schema.Type.UNION) {
                s = nonNull(s, fieldPath);
                nullable = true;
            }
            out[f.pos()] = new FieldWriter(f.name(), f.pos(), nullable, fieldPath, valueWriter(s, fieldPath));
        }
        return out;
    }

    private static Schema nonNull(Schema union, String path) {
        List<Schema> types = union.getTypes();
        if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
            return types.get(1);
        }
        if (types.size() == 2 && types.get(1).getType() == Schema.Type.NULL) {
            return types.get(0);
        }
        if (types.size() == 1) {
            return types.get(0);
        }
        throw new IllegalArgumentException("unsupported union at " + path + ": only [\"null\", T] is written, got "
                + union);
    }

    private static ValueWriter valueWriter(Schema s, String path) {
        LogicalType lt = s.getLogicalType();
        switch (s.getType()) {
            case BOOLEAN:
                return (c, v) -> c.addBoolean((Boolean) v);
            case INT:
                if (lt instanceof LogicalTypes.Date) {
                    return (c, v) -> c.addInteger(v instanceof Integer i ? i : (int) ((LocalDate) v).toEpochDay());
                }
                return (c, v) -> c.addInteger(((Number) v).intValue());
            case LONG:
                if (lt instanceof LogicalTypes.TimestampMillis) {
                    return (c, v) -> c.addLong(v instanceof Long l ? l : ((Instant) v).toEpochMilli());
                }
                return (c, v) -> c.addLong(((Number) v).longValue());
            case FLOAT:
                return (c, v) -> c.addFloat((Float) v);
            case DOUBLE:
                return (c, v) -> c.addDouble((Double) v);
            case STRING:
                return GenericRecordWriteSupport::writeString;
            case ENUM:
                return (c, v) -> c.addBinary(Binary.fromString(v instanceof GenericEnumSymbol<?> e
                        ? e.toString() : v.toString()));
            case FIXED:
                if (lt instanceof LogicalTypes.Decimal d) {
                    int size = s.getFixedSize();
                    int scale = d.getScale();
                    return (c, v) -> c.addBinary(v instanceof GenericFixed f
                            ? Binary.fromReusedByteArray(f.bytes())
                            : Binary.fromConstantByteArray(fixedDecimal((BigDecimal) v, scale, size, path)));
                }
                return (c, v) -> c.addBinary(Binary.fromReusedByteArray(((GenericFixed) v).bytes()));
            case BYTES:
                if (lt instanceof LogicalTypes.Decimal d) {
                    int scale = d.getScale();
                    return (c, v) -> c.addBinary(v instanceof BigDecimal b
                            ? Binary.fromConstantByteArray(b.setScale(scale, RoundingMode.UNNECESSARY)
                                    .unscaledValue().toByteArray())
                            : bytes(v));
                }
                return (c, v) -> c.addBinary(bytes(v));
            case RECORD: {
                FieldWriter[] nested = fieldWriters(s, path);
                return (c, v) -> {
                    c.startGroup();
                    writeFields(c, nested, (IndexedRecord) v);
                    c.endGroup();
                };
            }
            case ARRAY:
                return arrayWriter(s, path);
            default:
                throw new IllegalArgumentException("unsupported Avro type " + s.getType() + " at " + path);
        }
    }

    /** Standard 3-level list: {@code optional group f (LIST) { repeated group list { element } }}. */
    private static ValueWriter arrayWriter(Schema s, String path) {
        Schema item = s.getElementType();
        boolean nullableItems = false;
        if (item.getType() == Schema.Type.UNION) {
            item = nonNull(item, path + "[]");
            nullableItems = true;
        }
        ValueWriter element = valueWriter(item, path + "[]");
        boolean nullable = nullableItems;
        return (c, v) -> {
            c.startGroup();
            Collection<?> items = (Collection<?>) v;
            if (!items.isEmpty()) {
                c.startField("list", 0);
                if (items instanceof List<?> list && items instanceof RandomAccess) {
                    for (int i = 0, n = list.size(); i < n; i++) {
                        writeElement(c, element, nullable, list.get(i), path);
                    }
                } else {
                    for (Object o : items) {
                        writeElement(c, element, nullable, o, path);
                    }
                }
                c.endField("list", 0);
            }
            c.endGroup();
        };
    }

    private static void writeElement(RecordConsumer c, ValueWriter element, boolean nullable, Object o, String path) {
        c.startGroup();
        if (o != null) {
            c.startField("element", 0);
            element.write(c, o);
            c.endField("element", 0);
        } else if (!nullable) {
            throw new NullPointerException("null element in the array " + path + " whose items are not nullable");
        }
        c.endGroup();
    }

    private static void writeString(RecordConsumer c, Object v) {
        if (v instanceof String s) {
            // A byte-array Binary: Binary.fromString wraps the bytes in a ByteBuffer, whose comparisons (statistics)
            // and hashing (dictionary) are slower than the array's. The array is new, so it is constant.
            c.addBinary(Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8)));
        } else if (v instanceof Utf8 u) {
            c.addBinary(Binary.fromReusedByteArray(u.getBytes(), 0, u.getByteLength()));
        } else {
            c.addBinary(Binary.fromString(v.toString()));
        }
    }

    private static Binary bytes(Object v) {
        if (v instanceof ByteBuffer b) {
            return Binary.fromReusedByteBuffer(b.duplicate());
        }
        return Binary.fromReusedByteArray((byte[]) v);
    }

    /** Two's-complement big-endian unscaled value, sign-extended to the fixed size (Avro's DecimalConversion). */
    private static byte[] fixedDecimal(BigDecimal value, int scale, int size, String path) {
        byte[] unscaled = value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().toByteArray();
        if (unscaled.length > size) {
            throw new IllegalArgumentException("decimal " + value + " does not fit in " + size + " bytes at " + path);
        }
        byte[] out = new byte[size];
        byte pad = (byte) (value.signum() < 0 ? 0xFF : 0x00);
        int offset = size - unscaled.length;
        for (int i = 0; i < offset; i++) {
            out[i] = pad;
        }
        System.arraycopy(unscaled, 0, out, offset, unscaled.length);
        return out;
    }

    /**
     * The value writers' target on the direct path: a value goes to the current column writer at the current
     * definition level (the value writers are the same for both paths). Flat values only: no groups.
     */
    private static final class ColumnConsumer extends RecordConsumer {
        ColumnWriter writer;
        int definitionLevel;

        @Override
        public void addInteger(int value) {
            writer.write(value, 0, definitionLevel);
        }

        @Override
        public void addLong(long value) {
            writer.write(value, 0, definitionLevel);
        }

        @Override
        public void addBoolean(boolean value) {
            writer.write(value, 0, definitionLevel);
        }

        @Override
        public void addBinary(Binary value) {
            writer.write(value, 0, definitionLevel);
        }

        @Override
        public void addFloat(float value) {
            writer.write(value, 0, definitionLevel);
        }

        @Override
        public void addDouble(double value) {
            writer.write(value, 0, definitionLevel);
        }

        @Override
        public void startMessage() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void endMessage() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startField(String field, int index) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void endField(String field, int index) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startGroup() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void endGroup() {
            throw new UnsupportedOperationException();
        }
    }

    @FunctionalInterface
    private interface ValueWriter {
        void write(RecordConsumer c, Object value);
    }

    private record FieldWriter(String name, int index, boolean nullable, String path, ValueWriter value) {
    }
}
