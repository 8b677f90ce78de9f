package dev.lakestation.connector.sink.serializer;

import org.apache.flink.annotation.Internal;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Wraps a Flink {@link SerializationSchema}: the payload comes from it, the rest from the sink's defaults. */
@Internal
final class PayloadOnlySerializationSchema<T> implements MemphisSerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final SerializationSchema<T> payload;

    PayloadOnlySerializationSchema(SerializationSchema<T> payload) {
        this.payload = Objects.requireNonNull(payload, "payload serialization schema");
    }

    @Override
    public void open(SerializationSchema.InitializationContext context) throws Exception {
        payload.open(context);
    }

    @Override
    public MemphisSinkRecord serialize(T element) {
        return MemphisSinkRecord.of(payload.serialize(element));
    }
}
