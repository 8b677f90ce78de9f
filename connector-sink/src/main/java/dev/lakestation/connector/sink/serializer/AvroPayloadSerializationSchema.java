package dev.lakestation.connector.sink.serializer;

import org.apache.flink.annotation.Internal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Avro record → Avro JSON text or Avro binary. The schema travels as its JSON text (Schema is not serializable). */
@Internal
final class AvroPayloadSerializationSchema implements SerializationSchema<GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final String schemaJson;
    private final boolean binary;
    private transient GenericDatumWriter<GenericRecord> writer;
    private transient Schema schema;
    private transient ByteArrayOutputStream buffer;

    AvroPayloadSerializationSchema(String schemaJson, boolean binary) {
        this.schemaJson = schemaJson;
        this.binary = binary;
    }

    @Override
    public void open(InitializationContext context) {
        init();
    }

    private void init() {
        if (writer == null) {
            schema = new Schema.Parser().parse(schemaJson);
            writer = new GenericDatumWriter<>(schema);
            buffer = new ByteArrayOutputStream(256);
        }
    }

    @Override
    public byte[] serialize(GenericRecord element) {
        init();
        buffer.reset();
        try {
            Encoder encoder = binary
                    ? EncoderFactory.get().directBinaryEncoder(buffer, null)
                    : EncoderFactory.get().jsonEncoder(schema, buffer);
            writer.write(element, encoder);
            encoder.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode record with Avro schema " + schema.getFullName(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "record does not match Avro schema " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }
}
