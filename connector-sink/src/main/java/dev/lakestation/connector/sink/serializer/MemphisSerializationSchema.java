package dev.lakestation.connector.sink.serializer;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Turns a stream element into a {@link MemphisSinkRecord}: payload plus headers, message id, partition
 * key or number, and station. Use it when a record carries its own routing or headers; for a payload
 * only, pass a Flink {@link SerializationSchema} (see {@link MemphisSerializers}).
 *
 * <pre>{@code
 * MemphisSerializationSchema<Order> s = order -> MemphisSinkRecord.builder(toJson(order))
 *         .partitionKey(order.customer()).messageId("order-" + order.id()).build();
 * }</pre>
 */
@PublicEvolving
@FunctionalInterface
public interface MemphisSerializationSchema<T> extends Serializable {

    /** Called once per writer before the first {@link #serialize}. */
    default void open(SerializationSchema.InitializationContext context) throws Exception {}

    MemphisSinkRecord serialize(T element);

    /** Adapts a payload-only Flink schema: default station, round robin, no id. */
    static <T> MemphisSerializationSchema<T> of(SerializationSchema<T> payloadSchema) {
        return new PayloadOnlySerializationSchema<>(payloadSchema);
    }
}
