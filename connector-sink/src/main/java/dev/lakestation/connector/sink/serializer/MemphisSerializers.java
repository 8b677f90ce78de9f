package dev.lakestation.connector.sink.serializer;

import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Ready-made payload serializers for {@code MemphisSink.builder().setValueSerializer(...)}.
 *
 * <pre>{@code
 * MemphisSink.<String>builder().setValueSerializer(MemphisSerializers.string())...
 * MemphisSink.<Order>builder().setValueSerializer(MemphisSerializers.json())...
 * MemphisSink.<GenericRecord>builder().setValueSerializer(MemphisSerializers.avroJson(schema))...
 * }</pre>
 */
@PublicEvolving
public final class MemphisSerializers {
    private MemphisSerializers() {}

    /** The element is the payload. */
    public static SerializationSchema<byte[]> bytes() {
        return element -> element;
    }

    /** UTF-8 bytes of the string. */
    public static SerializationSchema<String> string() {
        return element -> element.getBytes(StandardCharsets.UTF_8);
    }

    /** Jackson JSON of any bean, record or map (what a Memphis JSON-Schema station expects). */
    public static <T> SerializationSchema<T> json() {
        return new JsonPayloadSerializationSchema<>();
    }

    /**
     * Avro record encoded as Avro JSON text: the wire form Memphis Schemaverse validates for Avro
     * stations (it checks JSON payloads against the Avro schema, not Avro binary).
     */
    public static SerializationSchema<GenericRecord> avroJson(Schema schema) {
        return new AvroPayloadSerializationSchema(schema.toString(), false);
    }

    /** Avro binary encoding (for consumers that decode Avro binary themselves; not Schemaverse-valid). */
    public static SerializationSchema<GenericRecord> avroBinary(Schema schema) {
        return new AvroPayloadSerializationSchema(schema.toString(), true);
    }
}
