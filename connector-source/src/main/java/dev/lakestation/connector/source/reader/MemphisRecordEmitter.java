package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.AckMode;
import dev.lakestation.connector.source.DeserializationFailureMode;
import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.metrics.MemphisSourceReaderMetrics;
import dev.lakestation.connector.source.split.MemphisPartitionSplitState;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the task thread: deserializes, emits with the time sent as record timestamp, and records the
 * sequence as emitted in the split state, so a checkpoint always holds exactly what was emitted.
 * Records the deserializer rejects are dead-lettered (and then acked like emitted ones) or fail the
 * job.
 */
@Internal
final class MemphisRecordEmitter<T> implements RecordEmitter<MemphisRecord, T, MemphisPartitionSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(MemphisRecordEmitter.class);

    private final MemphisDeserializationSchema<T> deserializer;
    private final MemphisSourceSettings settings;
    private final MemphisSourceReaderMetrics metrics;
    private final DeadLetterPublisher deadLetters;
    private final Acker acker;
    private final BufferingCollector<T> collector = new BufferingCollector<>();

    MemphisRecordEmitter(MemphisDeserializationSchema<T> deserializer, MemphisSourceSettings settings,
            MemphisSourceReaderMetrics metrics, DeadLetterPublisher deadLetters, Acker acker) {
        this.deserializer = deserializer;
        this.settings = settings;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.acker = acker;
    }

    @Override
    public void emitRecord(MemphisRecord record, SourceOutput<T> output, MemphisPartitionSplitState state)
            throws Exception {
        collector.values.clear();
        try {
            deserializer.deserialize(record, collector);
        } catch (Exception e) {
            collector.values.clear();
            metrics.deserializationError();
            if (settings.deserializationFailure == DeserializationFailureMode.FAIL) {
                throw new IOException("Cannot deserialize " + record.coordinates() + ": " + e.getMessage(), e);
            }
            LOG.warn("Dead-lettering undeserializable {}: {}", record.coordinates(), e.toString());
            deadLetters.publish(record, e);
        }
        String reason = deadLetterReason();
        if (reason != null) {
            // confirmed before the values are emitted: the record is acked at its checkpoint like any other
            deadLetters.publish(record, reason);
            metrics.deadLettered();
        }
        // Emitted outside the try: a failure downstream (chained operators) is not a bad record.
        for (int i = 0; i < collector.values.size(); i++) {
            output.collect(collector.values.get(i), record.timeSentMillis());
        }
        collector.values.clear();
        state.emitted(record.sequence());
        metrics.bytesIn(record.data().length);
        if (settings.ackMode == AckMode.AFTER_EMIT) {
            String reply = state.replyTo(record.sequence());
            if (reply != null) {
                acker.ackNow(state, record.sequence(), reply);
            }
        }
    }

    /** The first dead-letter reason the deserializer gives for this record's values, or null. */
    private String deadLetterReason() {
        for (int i = 0; i < collector.values.size(); i++) {
            String reason = deserializer.deadLetterReason(collector.values.get(i));
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Holds what the deserializer produced for one record until it is known to be good. */
    private static final class BufferingCollector<T> implements Collector<T> {
        final java.util.ArrayList<T> values = new java.util.ArrayList<>(1);

        @Override
        public void collect(T value) {
            values.add(value);
        }

        @Override
        public void close() {}
    }
}
