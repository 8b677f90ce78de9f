package dev.lakestation.connector.sink.serializer;

import org.apache.flink.annotation.Internal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Element → JSON bytes with Jackson (java.time values as ISO strings). */
@Internal
final class JsonPayloadSerializationSchema<T> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private transient ObjectMapper mapper;

    @Override
    public void open(InitializationContext context) {
        mapper();
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper().findAndRegisterModules();
        }
        return mapper;
    }

    @Override
    public byte[] serialize(T element) {
        try {
            return mapper().writeValueAsBytes(element);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot serialize " + element.getClass().getName() + " to JSON: " + e.getOriginalMessage(), e);
        }
    }
}
