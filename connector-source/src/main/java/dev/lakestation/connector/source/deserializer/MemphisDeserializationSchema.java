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

    /**
     * A reason to dead-letter the record <em>and</em> emit {@code value}, one of the values {@link #deserialize}
     * produced for it, or null (the default: no dead letter). For values that a later step rejects but keeps a
     * copy of, e.g. a load's rejected rows. The dead letter (same headers as for undeserializable records, with
     * this reason) is confirmed before the record's values are emitted; the record is acked at its checkpoint
     * like any other. One dead letter per record: the first value with a reason gives it.
     *
     * <pre>{@code
     * public String deadLetterReason(Row row) { return row.isValid() ? null : row.error(); }
     * }</pre>
     */
    default String deadLetterReason(T value) {
        return null;
    }

    /** Adapts a payload-only Flink {@link DeserializationSchema}. */
    static <T> MemphisDeserializationSchema<T> valueOnly(DeserializationSchema<T> schema) {
        return new ValueOnlyDeserializationSchema<>(schema);
    }
}
