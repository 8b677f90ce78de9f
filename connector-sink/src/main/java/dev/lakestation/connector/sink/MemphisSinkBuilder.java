package dev.lakestation.connector.sink;

import dev.lakestation.connector.sink.internal.MemphisSessionFactory;
import dev.lakestation.connector.sink.internal.SinkSettings;
import dev.lakestation.connector.sink.serializer.MemphisSerializationSchema;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.StationOptions;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Builds a {@link MemphisSink}; {@link #build()} validates the combination.
 *
 * <pre>{@code
 * MemphisSink<Order> sink = MemphisSink.<Order>builder()
 *         .setOptions(options)
 *         .setStationSelector(o -> "orders." + o.region())
 *         .setValueSerializer(MemphisSerializers.json())
 *         .setPartitionKeyExtractor(Order::customerId)
 *         .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
 *         .setMaxInFlight(2048)
 *         .build();
 * }</pre>
 */
@PublicEvolving
public final class MemphisSinkBuilder<T> {
    private MemphisOptions options;
    private StationOptions autoCreate;
    private MemphisSerializationSchema<T> serializer;
    private String station;
    private StationSelector<T> stationSelector;
    private PartitionKeyExtractor<T> keyExtractor;
    private MessageIdExtractor<T> idExtractor;
    private final Configuration config = new Configuration();

    MemphisSinkBuilder() {}

    /** Broker address, credentials, TLS and reconnect settings (memphis-client). */
    public MemphisSinkBuilder<T> setOptions(MemphisOptions memphisOptions) {
        this.options = Objects.requireNonNull(memphisOptions, "options");
        return this;
    }

    /**
     * Create missing stations with these settings (partitions, idempotency window, retention...);
     * the template's name is replaced by each station's name. Without it a missing station fails the job.
     */
    public MemphisSinkBuilder<T> setStationAutoCreate(StationOptions template) {
        this.autoCreate = Objects.requireNonNull(template, "station options");
        return this;
    }

    /** Every record goes to this station (unless the record or a selector says otherwise). */
    public MemphisSinkBuilder<T> setStation(String stationName) {
        this.station = StationNames.validate("station", stationName);
        return this;
    }

    /** Station per record. */
    public MemphisSinkBuilder<T> setStationSelector(StationSelector<T> selector) {
        this.stationSelector = Objects.requireNonNull(selector, "station selector");
        return this;
    }

    /** Full control per record: payload, headers, message id, partition key or number, station. */
    public MemphisSinkBuilder<T> setSerializer(MemphisSerializationSchema<T> schema) {
        this.serializer = Objects.requireNonNull(schema, "serializer");
        return this;
    }

    /** Payload only (see {@code MemphisSerializers} for bytes, String, JSON, Avro). */
    public MemphisSinkBuilder<T> setValueSerializer(SerializationSchema<T> schema) {
        this.serializer = MemphisSerializationSchema.of(schema);
        return this;
    }

    public MemphisSinkBuilder<T> setPartitionKeyExtractor(PartitionKeyExtractor<T> extractor) {
        this.keyExtractor = Objects.requireNonNull(extractor, "partition key extractor");
        return this;
    }

    /**
     * Deterministic message ids. With EXACTLY_ONCE the writer then publishes directly with these ids
     * instead of buffering for the committer.
     */
    public MemphisSinkBuilder<T> setMessageIdExtractor(MessageIdExtractor<T> extractor) {
        this.idExtractor = Objects.requireNonNull(extractor, "message id extractor");
        return this;
    }

    public MemphisSinkBuilder<T> setDeliveryGuarantee(DeliveryGuarantee guarantee) {
        config.set(MemphisSinkOptions.DELIVERY_GUARANTEE, Objects.requireNonNull(guarantee, "delivery guarantee"));
        return this;
    }

    public MemphisSinkBuilder<T> setMaxInFlight(int maxInFlight) {
        config.set(MemphisSinkOptions.MAX_IN_FLIGHT, maxInFlight);
        return this;
    }

    public MemphisSinkBuilder<T> setProducerName(String producerName) {
        config.set(MemphisSinkOptions.PRODUCER_NAME, StationNames.validate("producer", producerName));
        return this;
    }

    /** Any option of {@link MemphisSinkOptions}. */
    public <V> MemphisSinkBuilder<T> setConfig(ConfigOption<V> option, V value) {
        if (!option.key().startsWith(MemphisSinkOptions.PREFIX)) {
            throw new IllegalArgumentException("'" + option.key() + "' is not a MemphisSink option ("
                    + MemphisSinkOptions.PREFIX + "*)");
        }
        config.set(option, value);
        return this;
    }

    /** All {@code memphis.sink.*} keys of a configuration. */
    public MemphisSinkBuilder<T> setConfig(Configuration configuration) {
        configuration.toMap().forEach((k, v) -> {
            if (k.startsWith(MemphisSinkOptions.PREFIX)) {
                config.setString(k, v);
            }
        });
        return this;
    }

    public MemphisSink<T> build() {
        if (options == null) {
            throw new IllegalStateException("no broker: call setOptions(MemphisOptions)");
        }
        if (serializer == null) {
            throw new IllegalStateException("no serializer: call setValueSerializer(...) or setSerializer(...)");
        }
        if (station != null && stationSelector != null) {
            throw new IllegalStateException("set either a station or a station selector, not both");
        }
        if (station == null && stationSelector == null) {
            throw new IllegalStateException("no station: call setStation(...) or setStationSelector(...)");
        }
        positive(MemphisSinkOptions.MAX_IN_FLIGHT, config.get(MemphisSinkOptions.MAX_IN_FLIGHT));
        positive(MemphisSinkOptions.COMMITTER_MAX_IN_FLIGHT, config.get(MemphisSinkOptions.COMMITTER_MAX_IN_FLIGHT));
        if (config.get(MemphisSinkOptions.MAX_RETRIES) < 0) {
            throw new IllegalArgumentException(MemphisSinkOptions.MAX_RETRIES.key() + " must be >= 0");
        }
        positive(MemphisSinkOptions.PUBLISH_TIMEOUT, config.get(MemphisSinkOptions.PUBLISH_TIMEOUT));
        positive(MemphisSinkOptions.RETRY_BACKOFF, config.get(MemphisSinkOptions.RETRY_BACKOFF));
        if (config.get(MemphisSinkOptions.WRITE_AHEAD_MAX_BYTES) <= 0) {
            throw new IllegalArgumentException(MemphisSinkOptions.WRITE_AHEAD_MAX_BYTES.key() + " must be > 0");
        }
        if (config.get(MemphisSinkOptions.EXPECTED_RECOVERY_TIME).isNegative()) {
            throw new IllegalArgumentException(MemphisSinkOptions.EXPECTED_RECOVERY_TIME.key() + " must be >= 0");
        }
        config.getOptional(MemphisSinkOptions.MESSAGE_ID_PREFIX).ifPresent(p -> {
            if (p.isEmpty() || p.contains(" ")) {
                throw new IllegalArgumentException(MemphisSinkOptions.MESSAGE_ID_PREFIX.key()
                        + " must be non-empty without spaces");
            }
        });
        StationNames.validate("producer", config.get(MemphisSinkOptions.PRODUCER_NAME));
        // jnats expires unanswered publishes on its request-cleanup tick, which the client derives from
        // publishAckTimeout: align it with the sink's publish timeout so lost PubAcks are retried promptly
        MemphisOptions sessionOptions = options.toBuilder()
                .publishAckTimeout(config.get(MemphisSinkOptions.PUBLISH_TIMEOUT)).build();
        return new MemphisSink<>(new SinkSettings<>(new MemphisSessionFactory(sessionOptions, autoCreate), serializer, station, stationSelector, keyExtractor,
                idExtractor, new Configuration(config)));
    }

    private static void positive(ConfigOption<?> option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option.key() + " must be > 0, got " + value);
        }
    }

    private static void positive(ConfigOption<?> option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(option.key() + " must be positive, got " + value);
        }
    }
}
