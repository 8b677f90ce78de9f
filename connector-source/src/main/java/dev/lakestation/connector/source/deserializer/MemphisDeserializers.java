package dev.lakestation.connector.source.deserializer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

/**
 * Ready-made deserializers.
 *
 * <pre>{@code
 * MemphisDeserializers.string();                         // UTF-8 text
 * MemphisDeserializers.json(Order.class);                // JSON → POJO (Jackson)
 * MemphisDeserializers.jsonRow(rowTypeInfo);             // JSON object → Row, by field name
 * MemphisDeserializers.avroGeneric(schema, AvroEncoding.JSON);   // Memphis' Avro stations carry JSON
 * MemphisDeserializers.avroSpecific(Order.class, AvroEncoding.BINARY);
 * }</pre>
 *
 * Avro schemas need {@code flink-avro} on the job's classpath (it is {@code provided} here).
 */
@PublicEvolving
public final class MemphisDeserializers {
    private MemphisDeserializers() {}

    /** The payload as is. */
    public static MemphisDeserializationSchema<byte[]> bytes() {
        return new BytesDeserializer();
    }

    /** The payload as UTF-8 text. */
    public static MemphisDeserializationSchema<String> string() {
        return string(StandardCharsets.UTF_8);
    }

    public static MemphisDeserializationSchema<String> string(Charset charset) {
        return new StringDeserializer(charset);
    }

    /** JSON → POJO with Jackson; unknown JSON properties are ignored. */
    public static <T> MemphisDeserializationSchema<T> json(Class<T> type) {
        return new JsonPojoDeserializer<>(type);
    }

    /** A JSON object → {@link Row} with the given fields, matched by name; missing fields are null. */
    public static MemphisDeserializationSchema<Row> jsonRow(RowTypeInfo rowType) {
        return new JsonRowDeserializer(rowType);
    }

    /** Avro → {@link GenericRecord} with the writer schema {@code schema}. */
    public static MemphisDeserializationSchema<GenericRecord> avroGeneric(Schema schema, AvroEncoding encoding) {
        return new AvroGenericDeserializer(schema, encoding);
    }

    /** Avro → generated {@link SpecificRecord} class. */
    public static <T extends SpecificRecord> MemphisDeserializationSchema<T> avroSpecific(
            Class<T> type, AvroEncoding encoding) {
        return new AvroSpecificDeserializer<>(type, encoding);
    }
}
