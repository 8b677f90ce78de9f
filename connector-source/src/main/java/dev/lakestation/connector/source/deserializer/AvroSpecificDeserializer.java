package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.source.MemphisRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;

@Internal
final class AvroSpecificDeserializer<T extends SpecificRecord> implements MemphisDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private final AvroEncoding encoding;
    private transient SpecificDatumReader<T> reader;
    private transient Schema schema;
    private transient BinaryDecoder binaryDecoder;

    AvroSpecificDeserializer(Class<T> type, AvroEncoding encoding) {
        this.type = type;
        this.encoding = encoding;
    }

    @Override
    public void deserialize(MemphisRecord record, Collector<T> out) throws IOException {
        if (reader == null) {
            schema = SpecificData.get().getSchema(type);
            reader = new SpecificDatumReader<>(type);
        }
        if (encoding == AvroEncoding.JSON) {
            out.collect(reader.read(null, DecoderFactory.get().jsonDecoder(schema,
                    new String(record.data(), StandardCharsets.UTF_8))));
        } else {
            binaryDecoder = DecoderFactory.get().binaryDecoder(record.data(), binaryDecoder);
            out.collect(reader.read(null, binaryDecoder));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    public TypeInformation<T> getProducedType() {
        return (TypeInformation<T>) new AvroTypeInfo(type);
    }
}
