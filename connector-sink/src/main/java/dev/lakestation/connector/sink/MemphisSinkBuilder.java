package dev.lakestation.connector.sink;

import dev.lakestation.connector.common.ConnectionSetters;
import dev.lakestation.connector.common.MemphisConfigException;
import dev.lakestation.connector.common.MemphisConnection;
import dev.lakestation.connector.common.MemphisConnectionOptions;
import dev.lakestation.connector.common.OptionNaming;
import dev.lakestation.connector.sink.internal.MemphisSessionFactory;
import dev.lakestation.connector.sink.internal.SinkSettings;
import dev.lakestation.connector.sink.serializer.MemphisSerializationSchema;
import dev.lakestation.memphis.InvalidNameException;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.StationOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Builds a {@link MemphisSink}. Typed setters and {@link #setConfig} write the same {@link MemphisSinkOptions}
 * and {@link MemphisConnectionOptions} (shared with the source); {@link #build()} validates the combination and
 * throws a {@link MemphisConfigException} naming the offending option and its setter.
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

    /** Broker address, credentials, TLS and reconnect settings (memphis-client); single options override them. */
    public MemphisSinkBuilder<T> setOptions(MemphisOptions memphisOptions) {
        this.options = Objects.requireNonNull(memphisOptions, "options");
        return this;
    }

    public MemphisSinkBuilder<T> setServer(String host, int port) {
        ConnectionSetters.server(config, host, port);
        return this;
    }

    /** Username with a connection token (Memphis token mode). */
    public MemphisSinkBuilder<T> setCredentials(String username, String connectionToken) {
        ConnectionSetters.tokenCredentials(config, username, connectionToken);
        return this;
    }

    /** Username with a password (Memphis password mode) in account {@code accountId}. */
    public MemphisSinkBuilder<T> setPasswordCredentials(String username, String password, int accountId) {
        ConnectionSetters.passwordCredentials(config, username, password, accountId);
        return this;
    }

    /** Mutual TLS from PEM files. */
    public MemphisSinkBuilder<T> setTls(String certFile, String keyFile, String caFile) {
        ConnectionSetters.mutualTls(config, certFile, keyFile, caFile);
        return this;
    }

    /** TLS that verifies the server against this CA (PEM), without a client certificate. */
    public MemphisSinkBuilder<T> setTls(String caFile) {
        ConnectionSetters.serverTls(config, caFile);
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
        this.station = name("station", stationName, null, "setStation(String)");
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
        config.set(MemphisSinkOptions.PRODUCER_NAME, name("producer", producerName, MemphisSinkOptions.PRODUCER_NAME,
                "setProducerName(String)"));
        return this;
    }

    /** Any option of {@link MemphisSinkOptions} or {@link MemphisConnectionOptions}. */
    public <V> MemphisSinkBuilder<T> setConfig(ConfigOption<V> option, V value) {
        if (!ours(option.key())) {
            throw new MemphisConfigException(NAMING, "'" + option.key() + "' is not a MemphisSink option ("
                    + MemphisSinkOptions.PREFIX + "* or " + MemphisConnectionOptions.PREFIX + "*)", List.of(), null);
        }
        config.set(option, value);
        return this;
    }

    /** All {@code memphis.sink.*} and {@code memphis.connection.*} keys of a configuration. */
    public MemphisSinkBuilder<T> setConfig(Configuration configuration) {
        configuration.toMap().forEach((k, v) -> {
            if (ours(k)) {
                config.setString(k, v);
            }
        });
        return this;
    }

    private static boolean ours(String key) {
        return key.startsWith(MemphisSinkOptions.PREFIX) || key.startsWith(MemphisConnectionOptions.PREFIX);
    }

    /** How this builder's errors name an option: its key and the setter that writes it. */
    static final OptionNaming NAMING = OptionNaming.builder("Memphis sink", ConnectionSetters.settersByKey(Map.ofEntries(
            Map.entry(MemphisSinkOptions.DELIVERY_GUARANTEE.key(), "setDeliveryGuarantee(DeliveryGuarantee)"),
            Map.entry(MemphisSinkOptions.MAX_IN_FLIGHT.key(), "setMaxInFlight(int)"),
            Map.entry(MemphisSinkOptions.PRODUCER_NAME.key(), "setProducerName(String)"))));

    public MemphisSink<T> build() {
        if (serializer == null) {
            throw new MemphisConfigException(NAMING, "no serializer: call setValueSerializer(...) or setSerializer(...)",
                    List.of(), null);
        }
        return new MemphisSink<>(new SinkSettings<>(new MemphisSessionFactory(sessionOptions(), autoCreate), serializer,
                station, stationSelector, keyExtractor, idExtractor, new Configuration(config)));
    }

    /**
     * Checks every setting but the serializer, as {@link #build()} does (the SQL connector validates a table
     * before its format's serializer exists).
     *
     * @throws MemphisConfigException naming the option and its setter
     */
    public void validate() {
        sessionOptions();
    }

    private MemphisOptions sessionOptions() {
        if (options == null && MemphisConnectionOptions.CONFIG.all().stream().noneMatch(o -> config.getOptional(o).isPresent())) {
            throw new MemphisConfigException(NAMING, "no broker: call setOptions(MemphisOptions) or setServer(host, port)"
                    + " + setCredentials(user, token)", List.of(), null);
        }
        MemphisOptions connection = MemphisConnection.options(config, MemphisConnectionOptions.CONFIG, options, NAMING);
        if (station != null && stationSelector != null) {
            throw new MemphisConfigException(NAMING, "set either a station or a station selector, not both "
                    + "(setStation(String) / setStationSelector(StationSelector))", List.of(), null);
        }
        if (station == null && stationSelector == null) {
            throw new MemphisConfigException(NAMING, "no station: call setStation(...) or setStationSelector(...)",
                    List.of(), null);
        }
        positive(MemphisSinkOptions.MAX_IN_FLIGHT, config.get(MemphisSinkOptions.MAX_IN_FLIGHT));
        positive(MemphisSinkOptions.COMMITTER_MAX_IN_FLIGHT, config.get(MemphisSinkOptions.COMMITTER_MAX_IN_FLIGHT));
        if (config.get(MemphisSinkOptions.MAX_RETRIES) < 0) {
            throw MemphisConfigException.of(NAMING, "{0} must be >= 0, got " + config.get(MemphisSinkOptions.MAX_RETRIES),
                    MemphisSinkOptions.MAX_RETRIES);
        }
        positive(MemphisSinkOptions.PUBLISH_TIMEOUT, config.get(MemphisSinkOptions.PUBLISH_TIMEOUT));
        positive(MemphisSinkOptions.RETRY_BACKOFF, config.get(MemphisSinkOptions.RETRY_BACKOFF));
        if (config.get(MemphisSinkOptions.WRITE_AHEAD_MAX_BYTES) <= 0) {
            throw MemphisConfigException.of(NAMING, "{0} must be > 0", MemphisSinkOptions.WRITE_AHEAD_MAX_BYTES);
        }
        if (config.get(MemphisSinkOptions.EXPECTED_RECOVERY_TIME).isNegative()) {
            throw MemphisConfigException.of(NAMING, "{0} must be >= 0", MemphisSinkOptions.EXPECTED_RECOVERY_TIME);
        }
        config.getOptional(MemphisSinkOptions.MESSAGE_ID_PREFIX).ifPresent(p -> {
            if (p.isEmpty() || p.contains(" ")) {
                throw MemphisConfigException.of(NAMING, "{0} must be non-empty without spaces",
                        MemphisSinkOptions.MESSAGE_ID_PREFIX);
            }
        });
        name("producer", config.get(MemphisSinkOptions.PRODUCER_NAME), MemphisSinkOptions.PRODUCER_NAME,
                "setProducerName(String)");
        // jnats expires unanswered publishes on its request-cleanup tick, which the client derives from
        // publishAckTimeout: align it with the sink's publish timeout so lost PubAcks are retried promptly
        return connection.toBuilder().publishAckTimeout(config.get(MemphisSinkOptions.PUBLISH_TIMEOUT)).build();
    }

    private static String name(String kind, String name, ConfigOption<?> option, String setter) {
        try {
            return StationNames.validate(kind, name);
        } catch (InvalidNameException e) {
            // a station has no option: the problem alone (it is thrown by setStation itself)
            throw new MemphisConfigException(NAMING, (option == null ? "" : "{0}: ") + e.getMessage(),
                    option == null ? List.of() : List.of(option), e);
        }
    }

    private static void positive(ConfigOption<?> option, int value) {
        if (value <= 0) {
            throw MemphisConfigException.of(NAMING, "{0} must be > 0, got " + value, option);
        }
    }

    private static void positive(ConfigOption<?> option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw MemphisConfigException.of(NAMING, "{0} must be positive, got " + value, option);
        }
    }
}
