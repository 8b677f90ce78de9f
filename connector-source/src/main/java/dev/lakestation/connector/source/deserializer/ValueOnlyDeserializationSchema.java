package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.source.MemphisRecord;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/** Wraps a Flink {@link DeserializationSchema} that only looks at the payload. */
@Internal
final class ValueOnlyDeserializationSchema<T> implements MemphisDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final DeserializationSchema<T> schema;

    ValueOnlyDeserializationSchema(DeserializationSchema<T> schema) {
        this.schema = schema;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        schema.open(context);
    }

    @Override
    public void deserialize(MemphisRecord record, Collector<T> out) throws IOException {
        schema.deserialize(record.data(), out);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return schema.getProducedType();
    }
}
