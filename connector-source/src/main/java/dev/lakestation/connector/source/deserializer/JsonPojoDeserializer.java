package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.Internal;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.connector.source.MemphisRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

@Internal
final class JsonPojoDeserializer<T> implements MemphisDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private transient ObjectMapper mapper;

    JsonPojoDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public void deserialize(MemphisRecord record, Collector<T> out) throws IOException {
        if (mapper == null) {
            mapper = new ObjectMapper()
                    .findAndRegisterModules()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        }
        out.collect(mapper.readValue(record.data(), type));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
