package dev.lakestation.connector.source.deserializer;

import dev.lakestation.connector.source.MemphisRecord;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * Turns a {@link MemphisRecord} (payload plus headers, station, partition, sequence, time sent and
 * delivery count) into zero or more values. Throwing marks the record as undeserializable: it is
 * dead-lettered with the exception message as reason, or fails the job, as configured.
 *
 * <pre>{@code
 * MemphisDeserializationSchema<Order> schema = new MemphisDeserializationSchema<>() {
 *     public void deserialize(MemphisRecord r, Collector<Order> out) throws IOException {
 *         out.collect(Order.parse(r.data(), r.header("tenant")));
 *     }
 *     public TypeInformation<Order> getProducedType() { return TypeInformation.of(Order.class); }
 * };
 * }</pre>
 *
 * Ready-made schemas: {@link MemphisDeserializers}.
 */
@PublicEvolving
public interface MemphisDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {

    /** Called once per reader before the first record. */
    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    void deserialize(MemphisRecord record, Collector<T> out) throws IOException;

    /** Adapts a payload-only Flink {@link DeserializationSchema}. */
    static <T> MemphisDeserializationSchema<T> valueOnly(DeserializationSchema<T> schema) {
        return new ValueOnlyDeserializationSchema<>(schema);
    }
}
