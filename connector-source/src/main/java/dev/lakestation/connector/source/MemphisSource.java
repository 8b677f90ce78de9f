package dev.lakestation.connector.source;

import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.connector.source.enumerator.MemphisEnumeratorState;
import dev.lakestation.connector.source.enumerator.MemphisEnumeratorStateSerializer;
import dev.lakestation.connector.source.enumerator.MemphisSourceEnumerator;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.reader.MemphisSourceReader;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.connector.source.split.MemphisPartitionSplitSerializer;
import java.util.Collections;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Flink source for Memphis stations: one split per station partition, messages acked on the broker
 * only after the checkpoint containing them completed, exactly-once into Flink state.
 *
 * <pre>{@code
 * MemphisSource<String> source = MemphisSource.<String>builder()
 *     .setServer("memphis.internal", 6666)
 *     .setCredentials("app", "connection-token")
 *     .setStations("orders")
 *     .setConsumerGroup("flink-orders")
 *     .setDeserializer(MemphisDeserializers.string())
 *     .build();
 * env.enableCheckpointing(10_000);
 * env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps(), "orders");
 * }</pre>
 *
 * @param <T> produced type
 */
@PublicEvolving
public final class MemphisSource<T>
        implements Source<T, MemphisPartitionSplit, MemphisEnumeratorState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final MemphisSourceSettings settings;
    private final MemphisDeserializationSchema<T> deserializer;

    MemphisSource(MemphisSourceSettings settings, MemphisDeserializationSchema<T> deserializer) {
        this.settings = settings;
        this.deserializer = deserializer;
    }

    public static <T> MemphisSourceBuilder<T> builder() {
        return new MemphisSourceBuilder<>();
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.stopCondition.isBounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, MemphisPartitionSplit> createReader(SourceReaderContext context) {
        return MemphisSourceReader.create(settings, deserializer, context);
    }

    @Override
    public SplitEnumerator<MemphisPartitionSplit, MemphisEnumeratorState> createEnumerator(
            SplitEnumeratorContext<MemphisPartitionSplit> context) {
        return new MemphisSourceEnumerator(context, settings, settings.stopCondition.isBounded(),
                Collections.emptySet());
    }

    @Override
    public SplitEnumerator<MemphisPartitionSplit, MemphisEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<MemphisPartitionSplit> context, MemphisEnumeratorState state) {
        return new MemphisSourceEnumerator(context, settings, settings.stopCondition.isBounded(),
                state.assignedSplitIds());
    }

    @Override
    public SimpleVersionedSerializer<MemphisPartitionSplit> getSplitSerializer() {
        return MemphisPartitionSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<MemphisEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new MemphisEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }

    /** The validated settings; package-private: a test hook, not API. */
    MemphisSourceSettings settings() {
        return settings;
    }
}
