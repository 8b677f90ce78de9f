package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkOptions;
import dev.lakestation.connector.sink.MessageIdExtractor;
import dev.lakestation.connector.sink.PartitionKeyExtractor;
import dev.lakestation.connector.sink.StationSelector;
import dev.lakestation.connector.sink.serializer.MemphisSerializationSchema;
import java.io.Serializable;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** Everything the builder collected, validated; shipped with the sink to the writers and committers. */
@Internal
public final class SinkSettings<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    public final SessionFactory sessions;
    public final MemphisSerializationSchema<T> serializer;
    @Nullable public final String station;
    @Nullable public final StationSelector<T> stationSelector;
    @Nullable public final PartitionKeyExtractor<T> keyExtractor;
    @Nullable public final MessageIdExtractor<T> idExtractor;
    public final Configuration config;

    public SinkSettings(
            SessionFactory sessions,
            MemphisSerializationSchema<T> serializer,
            @Nullable String station,
            @Nullable StationSelector<T> stationSelector,
            @Nullable PartitionKeyExtractor<T> keyExtractor,
            @Nullable MessageIdExtractor<T> idExtractor,
            Configuration config) {
        this.sessions = sessions;
        this.serializer = serializer;
        this.station = station;
        this.stationSelector = stationSelector;
        this.keyExtractor = keyExtractor;
        this.idExtractor = idExtractor;
        this.config = config;
    }

    public DeliveryGuarantee guarantee() {
        return config.get(MemphisSinkOptions.DELIVERY_GUARANTEE);
    }

    /** EXACTLY_ONCE without a message-id extractor: records are buffered and published by the committer. */
    public boolean writeAhead() {
        return guarantee() == DeliveryGuarantee.EXACTLY_ONCE && idExtractor == null;
    }
}
