package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.source.MemphisRecord;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.util.Collector;

@Internal
final class AvroGenericDeserializer implements MemphisDeserializationSchema<GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final String schemaJson;
    private final AvroEncoding encoding;
    private transient Schema schema;
    private transient GenericDatumReader<GenericRecord> reader;
    private transient BinaryDecoder binaryDecoder;

    AvroGenericDeserializer(Schema schema, AvroEncoding encoding) {
        this.schemaJson = schema.toString();
        this.encoding = encoding;
    }

    private Schema schema() {
        if (schema == null) {
            schema = new Schema.Parser().parse(schemaJson);
        }
        return schema;
    }

    @Override
    public void deserialize(MemphisRecord record, Collector<GenericRecord> out) throws IOException {
        if (reader == null) {
            reader = new GenericDatumReader<>(schema());
        }
        if (encoding == AvroEncoding.JSON) {
            out.collect(reader.read(null, DecoderFactory.get().jsonDecoder(schema(),
                    new String(record.data(), java.nio.charset.StandardCharsets.UTF_8))));
        } else {
            binaryDecoder = DecoderFactory.get().binaryDecoder(record.data(), binaryDecoder);
            out.collect(reader.read(null, binaryDecoder));
        }
    }

    @Override
    public TypeInformation<GenericRecord> getProducedType() {
        return new GenericRecordAvroTypeInfo(schema());
    }
}
