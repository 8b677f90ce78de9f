package dev.lakestation.schema.avro;

import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.validation.FieldSpec;
import dev.lakestation.schema.validation.RecordSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Avro schema of a table's accepted rows (what goes to Parquet).
 *
 * <ul>
 *   <li>columns in declaration order under their output name ({@code rename} applied); {@code ignore} columns
 *       dropped; {@code script} columns included and always nullable;</li>
 *   <li>nullability = not {@code required}: nullable columns are {@code ["null", T]} with default null;</li>
 *   <li>string/variant → {@code string}; long → {@code long}; int/short/byte → {@code int}; double →
 *       {@code double}; boolean → {@code boolean}; date → {@code int} with logical type {@code date};
 *       timestamp → {@code long} with {@code timestamp-millis} (Starlake parses at millisecond precision; UTC
 *       instants); decimal → {@code fixed} of the minimal size for the precision with logical type
 *       {@code decimal(precision, scale)} (the layout Spark writes to Parquet);</li>
 *   <li>struct attributes → nested records named {@code <table>_<path>}; {@code array: true} → {@code array}
 *       whose items are nullable (Spark arrays may hold nulls).</li>
 * </ul>
 * Names that are not valid Avro names are rewritten ({@code [^A-Za-z0-9_]} → {@code _}, a leading digit gets
 * {@code _}); the original name is kept in the field property {@value #SOURCE_NAME_PROP}.
 *
 * <pre>{@code
 * Schema schema = AvroSchemas.forSpec(spec);
 * }</pre>
 */
public final class AvroSchemas {

    /** Field property holding the column's name when it had to be rewritten for Avro. */
    public static final String SOURCE_NAME_PROP = "sl.name";
    /** Namespace of generated records. */
    public static final String NAMESPACE = "dev.lakestation.tables";

    private AvroSchemas() {
    }

    /** The Avro record schema of {@code spec}'s accepted rows. */
    public static Schema forSpec(RecordSpec spec) {
        String recordName = avroName(spec.domain()) + "_" + avroName(spec.table());
        return record(recordName, spec.fields());
    }

    private static Schema record(String recordName, List<FieldSpec> fields) {
        List<Schema.Field> out = new ArrayList<>();
        for (FieldSpec f : fields) {
            if (f.ignore()) {
                continue;
            }
            String name = avroName(f.outputName());
            Schema value = valueSchema(recordName + "_" + name, f);
            boolean nullable = isNullable(f);
            Schema.Field field = nullable
                    ? new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), value), f.comment(),
                            JsonProperties.NULL_VALUE)
                    : new Schema.Field(name, value, f.comment(), (Object) null);
            if (!name.equals(f.outputName())) {
                field.addProp(SOURCE_NAME_PROP, f.outputName());
            }
            out.add(field);
        }
        return Schema.createRecord(recordName, null, NAMESPACE, false, out);
    }

    private static Schema valueSchema(String path, FieldSpec f) {
        Schema element = f.isStruct() ? record(path, f.children()) : leaf(path, f.type());
        if (f.array()) {
            return Schema.createArray(Schema.createUnion(Schema.create(Schema.Type.NULL), element));
        }
        return element;
    }

    /** The Avro schema of one value of a catalogue type; {@code path} names decimal fixed types. */
    public static Schema leaf(String path, SlType type) {
        PrimitiveType p = type.primitiveType();
        switch (p) {
            case STRING:
            case VARIANT: {
                Schema s = Schema.create(Schema.Type.STRING);
                s.addProp("avro.java.string", "String");
                return s;
            }
            case LONG:
                return Schema.create(Schema.Type.LONG);
            case INT:
            case SHORT:
            case BYTE:
                return Schema.create(Schema.Type.INT);
            case DOUBLE:
                return Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN:
                return Schema.create(Schema.Type.BOOLEAN);
            case DATE:
                return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIMESTAMP:
                return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case DECIMAL: {
                Schema fixed = Schema.createFixed(path + "_decimal", null, NAMESPACE, fixedSize(type.precision()));
                return LogicalTypes.decimal(type.precision(), type.scale()).addToSchema(fixed);
            }
            default:
                throw new IllegalArgumentException("no Avro type for " + type);
        }
    }

    /** Nullable in the output: not required, or computed by a script. */
    public static boolean isNullable(FieldSpec f) {
        return !f.required() || f.isScript();
    }

    /** Smallest byte count holding any unscaled value of {@code precision} digits (Spark's minBytesForPrecision). */
    public static int fixedSize(int precision) {
        int bytes = 1;
        while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
            bytes++;
        }
        return bytes;
    }

    /** {@code name} made a valid Avro name. */
    public static String avroName(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
