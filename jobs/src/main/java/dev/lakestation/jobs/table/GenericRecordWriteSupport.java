package dev.lakestation.jobs.table;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
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
 * <p>Supported: records, {@code ["null", T]} unions, arrays, primitives, enums, fixed and bytes, the logical types
 * {@code date} (Integer or LocalDate), {@code timestamp-millis} (Long or Instant) and {@code decimal} on fixed or
 * bytes (GenericFixed/ByteBuffer or BigDecimal). Maps and other unions are refused when the writer is built.
 */
final class GenericRecordWriteSupport extends WriteSupport<IndexedRecord> {
    private final Schema schema;
    private final FieldWriter[] fields;
    private RecordConsumer consumer;

    GenericRecordWriteSupport(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Parquet needs a record schema, got " + schema.getType());
        }
        this.schema = schema;
        this.fields = fieldWriters(schema, schema.getFullName());
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

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(IndexedRecord record) {
        RecordConsumer c = consumer;
        c.startMessage();
        writeFields(c, fields, record);
        c.endMessage();
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
            c.addBinary(Binary.fromString(s));
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

    @FunctionalInterface
    private interface ValueWriter {
        void write(RecordConsumer c, Object value);
    }

    private record FieldWriter(String name, int index, boolean nullable, String path, ValueWriter value) {
    }
}
