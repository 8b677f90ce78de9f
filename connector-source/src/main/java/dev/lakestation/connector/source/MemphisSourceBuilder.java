package dev.lakestation.connector.source;

import static dev.lakestation.connector.source.MemphisSourceOptions.*;

import dev.lakestation.connector.common.ConnectionSetters;
import dev.lakestation.connector.common.MemphisConfigException;
import dev.lakestation.connector.common.MemphisConnection;
import dev.lakestation.connector.common.MemphisConnectionOptions;
import dev.lakestation.connector.common.OptionNaming;
import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.memphis.InvalidNameException;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Builds a {@link MemphisSource}. Typed setters and {@link #setConfig} write the same {@link
 * MemphisSourceOptions} and {@link MemphisConnectionOptions}; {@link #build()} validates the combination and
 * throws a {@link MemphisConfigException} naming the offending option and its setter.
 *
 * <pre>{@code
 * MemphisSource<Order> source = MemphisSource.<Order>builder()
 *     .setOptions(MemphisOptions.builder().host("broker").username("app").connectionToken(t).build())
 *     .setStations("orders.eu", "orders.us")        // or .setStationPattern("orders\\..*")
 *     .setConsumerGroup("flink-billing")
 *     .setStartingPosition(StartingPosition.earliest())
 *     .setDeserializer(MemphisDeserializers.json(Order.class))
 *     .setBounded()                                 // optional: stop at what exists now
 *     .build();
 * }</pre>
 */
@PublicEvolving
public final class MemphisSourceBuilder<T> {
    private final Configuration config = new Configuration();
    private MemphisOptions options;
    private MemphisDeserializationSchema<T> deserializer;

    MemphisSourceBuilder() {}

    /** Connection, authentication and TLS from memphis-client options (single options override them). */
    public MemphisSourceBuilder<T> setOptions(MemphisOptions options) {
        this.options = options;
        return this;
    }

    public MemphisSourceBuilder<T> setServer(String host, int port) {
        ConnectionSetters.server(config, host, port);
        return this;
    }

    /** Username with a connection token (Memphis token mode). */
    public MemphisSourceBuilder<T> setCredentials(String username, String connectionToken) {
        ConnectionSetters.tokenCredentials(config, username, connectionToken);
        return this;
    }

    /** Username with a password (Memphis password mode) in account {@code accountId}. */
    public MemphisSourceBuilder<T> setPasswordCredentials(String username, String password, int accountId) {
        ConnectionSetters.passwordCredentials(config, username, password, accountId);
        return this;
    }

    /** Mutual TLS from PEM files. */
    public MemphisSourceBuilder<T> setTls(String certFile, String keyFile, String caFile) {
        ConnectionSetters.mutualTls(config, certFile, keyFile, caFile);
        return this;
    }

    /**
     * TLS that verifies the server against this CA (PEM), without a client certificate (for servers
     * that do not require mutual TLS), e.g. {@code .setTls("/etc/memphis/ca.pem")}.
     */
    public MemphisSourceBuilder<T> setTls(String caFile) {
        ConnectionSetters.serverTls(config, caFile);
        return this;
    }

    public MemphisSourceBuilder<T> setStations(String... stations) {
        config.set(STATIONS, Arrays.asList(stations));
        return this;
    }

    public MemphisSourceBuilder<T> setStations(List<String> stations) {
        config.set(STATIONS, new ArrayList<>(stations));
        return this;
    }

    /** Reads every station whose external name matches (also stations created while the job runs). */
    public MemphisSourceBuilder<T> setStationPattern(String regex) {
        config.set(STATION_PATTERN, regex);
        return this;
    }

    public MemphisSourceBuilder<T> setConsumerGroup(String group) {
        config.set(CONSUMER_GROUP, group);
        return this;
    }

    public MemphisSourceBuilder<T> setDeserializer(MemphisDeserializationSchema<T> deserializer) {
        this.deserializer = deserializer;
        return this;
    }

    /** A payload-only Flink schema, e.g. {@code new SimpleStringSchema()}. */
    public MemphisSourceBuilder<T> setValueOnlyDeserializer(DeserializationSchema<T> schema) {
        return setDeserializer(MemphisDeserializationSchema.valueOnly(schema));
    }

    public MemphisSourceBuilder<T> setStartingPosition(StartingPosition position) {
        config.set(STARTING_POSITION, position.kind());
        if (position.kind() == StartingPosition.Kind.SEQUENCE || position.kind() == StartingPosition.Kind.LAST_MESSAGES
                || position.kind() == StartingPosition.Kind.TIMESTAMP) {
            config.set(STARTING_POSITION_VALUE, position.value());
        } else {
            config.removeConfig(STARTING_POSITION_VALUE);
        }
        return this;
    }

    /** Bounded: stop at the last message each partition holds when the job starts. */
    public MemphisSourceBuilder<T> setBounded() {
        return setBounded(StopCondition.latestAtStart());
    }

    public MemphisSourceBuilder<T> setBounded(StopCondition stop) {
        config.set(STOP, stop.kind());
        if (stop.kind() == StopCondition.Kind.SEQUENCE || stop.kind() == StopCondition.Kind.TIMESTAMP) {
            config.set(STOP_VALUE, stop.value());
        } else {
            config.removeConfig(STOP_VALUE);
        }
        return this;
    }

    public MemphisSourceBuilder<T> setUnbounded() {
        config.set(STOP, StopCondition.Kind.NONE);
        config.removeConfig(STOP_VALUE);
        return this;
    }

    /** How often to look for new partitions and stations; {@code Duration.ZERO} disables. */
    public MemphisSourceBuilder<T> setPartitionDiscoveryInterval(Duration interval) {
        config.set(PARTITION_DISCOVERY_INTERVAL, interval);
        return this;
    }

    public MemphisSourceBuilder<T> setAckMode(AckMode mode) {
        config.set(ACK_MODE, mode);
        return this;
    }

    public MemphisSourceBuilder<T> setMaxAckTime(Duration maxAckTime) {
        config.set(MAX_ACK_TIME, maxAckTime);
        return this;
    }

    public MemphisSourceBuilder<T> setDeserializationFailureMode(DeserializationFailureMode mode) {
        config.set(DESERIALIZATION_FAILURE, mode);
        return this;
    }

    public <V> MemphisSourceBuilder<T> setConfig(ConfigOption<V> option, V value) {
        config.set(option, value);
        return this;
    }

    /** Applies every {@code memphis.source.*} and {@code memphis.connection.*} key of {@code configuration}. */
    public MemphisSourceBuilder<T> setConfig(Configuration configuration) {
        config.addAll(configuration);
        return this;
    }

    public MemphisSource<T> build() {
        if (deserializer == null) {
            throw new MemphisConfigException(NAMING, "no deserializer: call setDeserializer(...) "
                    + "(e.g. MemphisDeserializers.string())", List.of(), null);
        }
        return new MemphisSource<>(settings(), deserializer);
    }

    /** How this builder's errors name an option: its key and the setter that writes it. */
    static final OptionNaming NAMING = OptionNaming.builder("Memphis source", ConnectionSetters.settersByKey(Map.ofEntries(
            Map.entry(STATIONS.key(), "setStations(...)"),
            Map.entry(STATION_PATTERN.key(), "setStationPattern(String)"),
            Map.entry(CONSUMER_GROUP.key(), "setConsumerGroup(String)"),
            Map.entry(STARTING_POSITION.key(), "setStartingPosition(StartingPosition)"),
            Map.entry(STARTING_POSITION_VALUE.key(), "setStartingPosition(StartingPosition)"),
            Map.entry(STOP.key(), "setBounded(StopCondition)"),
            Map.entry(STOP_VALUE.key(), "setBounded(StopCondition)"),
            Map.entry(PARTITION_DISCOVERY_INTERVAL.key(), "setPartitionDiscoveryInterval(Duration)"),
            Map.entry(ACK_MODE.key(), "setAckMode(AckMode)"),
            Map.entry(MAX_ACK_TIME.key(), "setMaxAckTime(Duration)"),
            Map.entry(DESERIALIZATION_FAILURE.key(), "setDeserializationFailureMode(DeserializationFailureMode)"))));

    /**
     * Checks every setting but the deserializer, as {@link #build()} does: the one validation of a source's
     * options, also used by the SQL connector before its format's deserializer exists.
     *
     * @throws MemphisConfigException naming the option and its setter
     */
    public void validate() {
        settings();
    }

    /** The validated settings (package-private: tests read them here). */
    MemphisSourceSettings settings() {
        MemphisOptions connection = MemphisConnection.options(config, MemphisConnectionOptions.CONFIG, options, NAMING);
        List<String> stations = config.getOptional(STATIONS).orElse(List.of());
        String pattern = config.getOptional(STATION_PATTERN).orElse(null);
        if (stations.isEmpty() && pattern == null) {
            throw MemphisConfigException.of(NAMING, "no station: set {0} (station names) or {1}", STATIONS,
                    STATION_PATTERN);
        }
        List<String> validated = new ArrayList<>();
        for (String s : stations) {
            validated.add(name("station", s, STATIONS));
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw MemphisConfigException.of(NAMING, "{0} is not a valid regular expression: "
                        + e.getMessage().replace('\n', ' '), STATION_PATTERN);
            }
        }
        String group = config.getOptional(CONSUMER_GROUP).orElseThrow(() -> MemphisConfigException.of(NAMING,
                "no consumer group: set {0} (the Memphis consumer group that reads)", CONSUMER_GROUP));
        group = name("consumer group", group, CONSUMER_GROUP);
        StartingPosition start = valued(() -> StartingPosition.of(config.get(STARTING_POSITION),
                config.getOptional(STARTING_POSITION_VALUE).orElse(null)), STARTING_POSITION_VALUE);
        StopCondition stop = valued(() -> StopCondition.of(config.get(STOP), config.getOptional(STOP_VALUE).orElse(null)),
                STOP_VALUE);
        Duration discovery = config.get(PARTITION_DISCOVERY_INTERVAL);
        if (discovery.isNegative()) {
            throw MemphisConfigException.of(NAMING, "{0} must not be negative, got " + discovery,
                    PARTITION_DISCOVERY_INTERVAL);
        }
        Duration maxAckTime = config.get(MAX_ACK_TIME);
        if (maxAckTime.toMillis() < 1000) {
            throw MemphisConfigException.of(NAMING, "{0} must be at least 1 s, got " + maxAckTime, MAX_ACK_TIME);
        }
        int deliveries = config.get(MAX_MSG_DELIVERIES);
        if (deliveries < 1 || deliveries > 10) {
            throw MemphisConfigException.of(NAMING, "{0} must be between 1 and 10 (Memphis' limit), got "
                    + deliveries, MAX_MSG_DELIVERIES);
        }
        int batch = config.get(FETCH_BATCH_SIZE);
        if (batch < 1 || batch > 5000) {
            throw MemphisConfigException.of(NAMING, "{0} must be between 1 and 5000, got " + batch, FETCH_BATCH_SIZE);
        }
        Duration maxWait = positive(FETCH_MAX_WAIT);
        Duration ackTimeout = positive(ACK_TIMEOUT);
        int outstanding = config.get(ACK_MAX_OUTSTANDING);
        if (outstanding < 1) {
            throw MemphisConfigException.of(NAMING, "{0} must be ≥ 1, got " + outstanding, ACK_MAX_OUTSTANDING);
        }
        String dls = config.getOptional(DEAD_LETTER_STATION).orElse(null);
        if (dls != null) {
            dls = name("dead-letter station", dls, DEAD_LETTER_STATION);
        }
        return new MemphisSourceSettings(connection, validated, pattern, group, start, stop, discovery,
                config.get(ACK_MODE), maxAckTime, deliveries, config.get(ACK_IN_PROGRESS), ackTimeout, outstanding,
                config.get(VALIDATE_ACK_TIME), batch, maxWait, config.get(PENDING_POLL_INTERVAL),
                config.get(DESERIALIZATION_FAILURE), dls);
    }

    private Duration positive(ConfigOption<Duration> option) {
        Duration d = config.get(option);
        if (d.isNegative() || d.isZero()) {
            throw MemphisConfigException.of(NAMING, "{0} must be positive, got " + d, option);
        }
        return d;
    }

    private static String name(String kind, String name, ConfigOption<?> option) {
        try {
            return StationNames.validate(kind, name);
        } catch (InvalidNameException e) {
            throw new MemphisConfigException(NAMING, "{0}: " + e.getMessage(), List.of(option), e);
        }
    }

    private static <V> V valued(java.util.function.Supplier<V> s, ConfigOption<?> option) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new MemphisConfigException(NAMING, "{0}: " + e.getMessage(), List.of(option), e);
        }
    }
}
