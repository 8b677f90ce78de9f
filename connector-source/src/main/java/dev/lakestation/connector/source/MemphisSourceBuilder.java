package dev.lakestation.connector.source;

import static dev.lakestation.connector.source.MemphisSourceOptions.*;

import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.memphis.InvalidNameException;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Builds a {@link MemphisSource}. Typed setters and {@link #setConfig} write the same {@link
 * MemphisSourceOptions}; {@link #build()} validates the combination and names the offending option.
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
        config.set(HOST, host);
        config.set(PORT, port);
        return this;
    }

    /** Username with a connection token (Memphis token mode). */
    public MemphisSourceBuilder<T> setCredentials(String username, String connectionToken) {
        config.set(USERNAME, username);
        config.set(CONNECTION_TOKEN, connectionToken);
        config.removeConfig(PASSWORD);
        return this;
    }

    /** Username with a password (Memphis password mode) in account {@code accountId}. */
    public MemphisSourceBuilder<T> setPasswordCredentials(String username, String password, int accountId) {
        config.set(USERNAME, username);
        config.set(PASSWORD, password);
        config.set(ACCOUNT_ID, accountId);
        config.removeConfig(CONNECTION_TOKEN);
        return this;
    }

    /** Mutual TLS from PEM files. */
    public MemphisSourceBuilder<T> setTls(String certFile, String keyFile, String caFile) {
        config.set(TLS_CERT, certFile);
        config.set(TLS_KEY, keyFile);
        config.set(TLS_CA, caFile);
        return this;
    }

    /**
     * TLS that verifies the server against this CA (PEM), without a client certificate (for servers
     * that do not require mutual TLS), e.g. {@code .setTls("/etc/memphis/ca.pem")}.
     */
    public MemphisSourceBuilder<T> setTls(String caFile) {
        config.removeConfig(TLS_CERT);
        config.removeConfig(TLS_KEY);
        config.set(TLS_CA, caFile);
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

    /** Applies every {@code memphis.source.*} key of {@code configuration}. */
    public MemphisSourceBuilder<T> setConfig(Configuration configuration) {
        config.addAll(configuration);
        return this;
    }

    public MemphisSource<T> build() {
        if (deserializer == null) {
            throw new IllegalArgumentException("Memphis source: no deserializer, call setDeserializer(...) "
                    + "(e.g. MemphisDeserializers.string())");
        }
        return new MemphisSource<>(settings(), deserializer);
    }

    MemphisSourceSettings settings() {
        MemphisOptions connection = connectionOptions();
        List<String> stations = config.getOptional(STATIONS).orElse(List.of());
        String pattern = config.getOptional(STATION_PATTERN).orElse(null);
        if (stations.isEmpty() && pattern == null) {
            throw new IllegalArgumentException("Memphis source: no station, call setStations(...) or "
                    + "setStationPattern(...) ('" + STATIONS.key() + "' / '" + STATION_PATTERN.key() + "')");
        }
        List<String> validated = new ArrayList<>();
        for (String s : stations) {
            validated.add(validate("station", s, STATIONS));
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Memphis source: '" + STATION_PATTERN.key() + "' is not a valid "
                        + "regular expression: " + e.getMessage(), e);
            }
        }
        String group = config.getOptional(CONSUMER_GROUP).orElseThrow(() -> new IllegalArgumentException(
                "Memphis source: no consumer group, call setConsumerGroup(...) ('" + CONSUMER_GROUP.key() + "')"));
        group = validate("consumer group", group, CONSUMER_GROUP);
        StartingPosition start = wrap(() -> StartingPosition.of(config.get(STARTING_POSITION),
                config.getOptional(STARTING_POSITION_VALUE).orElse(null)));
        StopCondition stop = wrap(() -> StopCondition.of(config.get(STOP), config.getOptional(STOP_VALUE).orElse(null)));
        Duration discovery = config.get(PARTITION_DISCOVERY_INTERVAL);
        Duration maxAckTime = config.get(MAX_ACK_TIME);
        if (maxAckTime.toMillis() < 1000) {
            throw new IllegalArgumentException("Memphis source: '" + MAX_ACK_TIME.key() + "' must be at least 1 s, got "
                    + maxAckTime);
        }
        int deliveries = config.get(MAX_MSG_DELIVERIES);
        if (deliveries < 1 || deliveries > 10) {
            throw new IllegalArgumentException("Memphis source: '" + MAX_MSG_DELIVERIES.key()
                    + "' must be between 1 and 10 (Memphis' limit), got " + deliveries);
        }
        int batch = config.get(FETCH_BATCH_SIZE);
        if (batch < 1 || batch > 5000) {
            throw new IllegalArgumentException("Memphis source: '" + FETCH_BATCH_SIZE.key()
                    + "' must be between 1 and 5000, got " + batch);
        }
        Duration maxWait = config.get(FETCH_MAX_WAIT);
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("Memphis source: '" + FETCH_MAX_WAIT.key() + "' must be positive");
        }
        Duration ackTimeout = config.get(ACK_TIMEOUT);
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("Memphis source: '" + ACK_TIMEOUT.key() + "' must be positive");
        }
        int outstanding = config.get(ACK_MAX_OUTSTANDING);
        if (outstanding < 1) {
            throw new IllegalArgumentException("Memphis source: '" + ACK_MAX_OUTSTANDING.key() + "' must be ≥ 1");
        }
        String dls = config.getOptional(DEAD_LETTER_STATION).orElse(null);
        if (dls != null) {
            dls = validate("dead-letter station", dls, DEAD_LETTER_STATION);
        }
        return new MemphisSourceSettings(connection, validated, pattern, group, start, stop, discovery,
                config.get(ACK_MODE), maxAckTime, deliveries, config.get(ACK_IN_PROGRESS), ackTimeout, outstanding,
                config.get(VALIDATE_ACK_TIME), batch, maxWait, config.get(PENDING_POLL_INTERVAL),
                config.get(DESERIALIZATION_FAILURE), dls);
    }

    private MemphisOptions connectionOptions() {
        boolean anySingle = config.contains(HOST) || config.contains(PORT) || config.contains(USERNAME)
                || config.contains(CONNECTION_TOKEN) || config.contains(PASSWORD) || config.contains(ACCOUNT_ID)
                || config.contains(TLS_CERT) || config.contains(TLS_KEY) || config.contains(TLS_CA);
        if (options == null && !anySingle) {
            throw new IllegalArgumentException("Memphis source: no broker, call setOptions(MemphisOptions) or "
                    + "setServer(host, port) + setCredentials(user, token)");
        }
        MemphisOptions.Builder b = options != null ? options.toBuilder() : MemphisOptions.builder();
        config.getOptional(HOST).ifPresent(b::host);
        config.getOptional(PORT).ifPresent(b::port);
        config.getOptional(USERNAME).ifPresent(b::username);
        config.getOptional(CONNECTION_TOKEN).ifPresent(t -> b.connectionToken(t).password(null));
        config.getOptional(PASSWORD).ifPresent(p -> b.password(p).connectionToken(null));
        config.getOptional(ACCOUNT_ID).ifPresent(b::accountId);
        if (config.contains(TLS_CERT) || config.contains(TLS_KEY) || config.contains(TLS_CA)) {
            b.tls(config.getOptional(TLS_CERT).orElse(null), config.getOptional(TLS_KEY).orElse(null),
                    config.getOptional(TLS_CA).orElse(null));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Memphis source: invalid connection settings: " + e.getMessage(), e);
        }
    }

    private static String validate(String kind, String name, ConfigOption<?> option) {
        try {
            return StationNames.validate(kind, name);
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("Memphis source: '" + option.key() + "': " + e.getMessage(), e);
        }
    }

    private static <V> V wrap(java.util.function.Supplier<V> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Memphis source: " + e.getMessage(), e);
        }
    }
}
