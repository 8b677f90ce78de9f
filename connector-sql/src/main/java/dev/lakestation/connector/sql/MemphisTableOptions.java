package dev.lakestation.connector.sql;

import static dev.lakestation.connector.sql.MemphisConnectorOptions.*;

import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.memphis.InvalidNameException;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

/**
 * Table options → validated {@link ScanConfig} / {@link SinkConfig}. Every error names the option to fix;
 * no message contains a secret's value.
 */
@Internal
final class MemphisTableOptions {
    private MemphisTableOptions() {}

    static MemphisOptions connection(ReadableConfig c) {
        String host = c.getOptional(HOST).orElseThrow(() -> missing(HOST));
        String username = c.getOptional(USERNAME).orElseThrow(() -> missing(USERNAME));
        int port = c.get(PORT);
        if (port < 1 || port > 65535) {
            throw invalid(PORT, "must be between 1 and 65535, got " + port);
        }
        boolean token = c.getOptional(CONNECTION_TOKEN).isPresent();
        boolean password = c.getOptional(PASSWORD).isPresent();
        if (token == password) {
            throw new ValidationException("Memphis table: set exactly one of '" + CONNECTION_TOKEN.key() + "' or '"
                    + PASSWORD.key() + "'" + (token ? ", not both" : ""));
        }
        String cert = c.getOptional(TLS_CERT_FILE).orElse(null);
        String key = c.getOptional(TLS_KEY_FILE).orElse(null);
        String ca = c.getOptional(TLS_CA_FILE).orElse(null);
        if ((cert != null || key != null) && (cert == null || key == null || ca == null)) {
            throw new ValidationException("Memphis table: mutual TLS needs '" + TLS_CERT_FILE.key() + "', '"
                    + TLS_KEY_FILE.key() + "' and '" + TLS_CA_FILE.key() + "' ('" + TLS_CA_FILE.key()
                    + "' alone verifies the server without a client certificate)");
        }
        MemphisOptions.Builder b = MemphisOptions.builder().host(host).port(port).username(username)
                .accountId(c.get(ACCOUNT_ID)).controlPlane(c.get(CONTROL_PLANE));
        c.getOptional(CONNECTION_TOKEN).ifPresent(b::connectionToken);
        c.getOptional(PASSWORD).ifPresent(b::password);
        if (cert != null) {
            b.tls(cert, key, ca);
        } else if (ca != null) {
            b.tls(ca);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Memphis table: invalid connection options: " + e.getMessage(), e);
        }
    }

    static ScanConfig scan(ReadableConfig c) {
        MemphisOptions connection = connection(c);
        List<String> stations = c.getOptional(STATIONS).orElse(List.of());
        String pattern = c.getOptional(STATION_PATTERN).orElse(null);
        if (stations.isEmpty() == (pattern == null)) {
            throw new ValidationException("Memphis table: reading needs '" + STATIONS.key() + "' (station names "
                    + "separated by ';') or '" + STATION_PATTERN.key() + "'" + (pattern != null ? ", not both" : ""));
        }
        List<String> validated = new ArrayList<>();
        for (String s : stations) {
            validated.add(name("station", s, STATIONS));
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw invalid(STATION_PATTERN, "is not a valid regular expression: " + e.getMessage());
            }
        }
        String group = name("consumer group", c.getOptional(CONSUMER_GROUP).orElseThrow(() -> new ValidationException(
                "Memphis table: reading needs '" + CONSUMER_GROUP.key() + "' (the Memphis consumer group)")),
                CONSUMER_GROUP);

        ScanStartupMode startup = c.get(SCAN_STARTUP_MODE);
        StartingPosition start;
        switch (startup) {
            case SEQUENCE:
                start = valued(c, SCAN_STARTUP_MODE, startup.toString(), SCAN_STARTUP_SEQUENCE, StartingPosition::sequence);
                break;
            case LAST_MESSAGES:
                start = valued(c, SCAN_STARTUP_MODE, startup.toString(), SCAN_STARTUP_LAST_MESSAGES,
                        StartingPosition::lastMessages);
                break;
            case TIMESTAMP:
                start = valued(c, SCAN_STARTUP_MODE, startup.toString(), SCAN_STARTUP_TIMESTAMP, StartingPosition::timestamp);
                break;
            case EARLIEST:
                start = StartingPosition.earliest();
                break;
            case LATEST:
                start = StartingPosition.latest();
                break;
            default:
                start = StartingPosition.groupPosition();
        }
        onlyWith(c, SCAN_STARTUP_SEQUENCE, SCAN_STARTUP_MODE, startup == ScanStartupMode.SEQUENCE, "sequence");
        onlyWith(c, SCAN_STARTUP_LAST_MESSAGES, SCAN_STARTUP_MODE, startup == ScanStartupMode.LAST_MESSAGES, "last-messages");
        onlyWith(c, SCAN_STARTUP_TIMESTAMP, SCAN_STARTUP_MODE, startup == ScanStartupMode.TIMESTAMP, "timestamp");

        ScanBoundedMode bounded = c.get(SCAN_BOUNDED_MODE);
        StopCondition stop;
        switch (bounded) {
            case SEQUENCE:
                stop = valued(c, SCAN_BOUNDED_MODE, bounded.toString(), SCAN_BOUNDED_SEQUENCE, StopCondition::sequence);
                break;
            case TIMESTAMP:
                stop = valued(c, SCAN_BOUNDED_MODE, bounded.toString(), SCAN_BOUNDED_TIMESTAMP, StopCondition::timestamp);
                break;
            case LATEST:
                stop = StopCondition.latestAtStart();
                break;
            default:
                stop = StopCondition.none();
        }
        onlyWith(c, SCAN_BOUNDED_SEQUENCE, SCAN_BOUNDED_MODE, bounded == ScanBoundedMode.SEQUENCE, "sequence");
        onlyWith(c, SCAN_BOUNDED_TIMESTAMP, SCAN_BOUNDED_MODE, bounded == ScanBoundedMode.TIMESTAMP, "timestamp");

        Duration maxAckTime = c.get(SCAN_MAX_ACK_TIME);
        if (maxAckTime.toMillis() < 1000) {
            throw invalid(SCAN_MAX_ACK_TIME, "must be at least 1 s, got " + maxAckTime);
        }
        Duration discovery = c.get(SCAN_PARTITION_DISCOVERY_INTERVAL);
        if (discovery.isNegative()) {
            throw invalid(SCAN_PARTITION_DISCOVERY_INTERVAL, "must not be negative, got " + discovery);
        }
        return new ScanConfig(connection, List.copyOf(validated), pattern, group, start, stop, c.get(SCAN_ACK_MODE).mode,
                maxAckTime, discovery, c.get(SCAN_DESERIALIZATION_FAILURE).mode,
                parallelism(c, FactoryUtil.SOURCE_PARALLELISM));
    }

    static SinkConfig sink(ReadableConfig c, DataType physicalRow) {
        MemphisOptions connection = connection(c);
        if (c.getOptional(STATION_PATTERN).isPresent()) {
            throw new ValidationException("Memphis table: '" + STATION_PATTERN.key() + "' only selects stations to "
                    + "read; writing needs the one station in '" + STATIONS.key() + "'");
        }
        List<String> stations = c.getOptional(STATIONS).orElse(List.of());
        if (stations.size() != 1) {
            throw new ValidationException("Memphis table: writing needs exactly one station in '" + STATIONS.key()
                    + "', got " + stations.size() + (stations.isEmpty() ? "" : " " + stations));
        }
        String station = name("station", stations.get(0), STATIONS);
        RowType row = (RowType) physicalRow.getLogicalType();
        Integer key = stringColumn(c, SINK_PARTITION_KEY_FIELD, row);
        Integer id = stringColumn(c, SINK_MESSAGE_ID_FIELD, row);
        String producer = name("producer", c.get(SINK_PRODUCER_NAME), SINK_PRODUCER_NAME);
        int maxInFlight = c.get(SINK_MAX_IN_FLIGHT);
        if (maxInFlight < 1) {
            throw invalid(SINK_MAX_IN_FLIGHT, "must be at least 1, got " + maxInFlight);
        }
        return new SinkConfig(connection, station, c.get(SINK_DELIVERY_GUARANTEE), key, id, producer, maxInFlight,
                parallelism(c, FactoryUtil.SINK_PARALLELISM));
    }

    private static Integer stringColumn(ReadableConfig c, ConfigOption<String> option, RowType row) {
        String column = c.getOptional(option).orElse(null);
        if (column == null) {
            return null;
        }
        int index = row.getFieldNames().indexOf(column);
        if (index < 0) {
            throw invalid(option, "no physical column '" + column + "' (columns: " + row.getFieldNames() + ")");
        }
        LogicalType type = row.getTypeAt(index);
        if (!type.is(LogicalTypeFamily.CHARACTER_STRING)) {
            throw invalid(option, "column '" + column + "' is " + type.asSummaryString()
                    + "; it must be STRING, VARCHAR or CHAR (CAST it in the query)");
        }
        return index;
    }

    private static <T> T valued(ReadableConfig c, ConfigOption<?> mode, String modeValue, ConfigOption<Long> value,
            LongFunction<T> of) {
        Long v = c.getOptional(value).orElseThrow(() -> new ValidationException("Memphis table: '" + mode.key()
                + "' = '" + modeValue + "' needs '" + value.key() + "'"));
        try {
            return of.apply(v);
        } catch (IllegalArgumentException e) {
            throw invalid(value, e.getMessage());
        }
    }

    private static void onlyWith(ReadableConfig c, ConfigOption<Long> value, ConfigOption<?> mode, boolean applies,
            String modeValue) {
        if (!applies && c.getOptional(value).isPresent()) {
            throw new ValidationException("Memphis table: '" + value.key() + "' only applies with '" + mode.key()
                    + "' = '" + modeValue + "'");
        }
    }

    private static Integer parallelism(ReadableConfig c, ConfigOption<Integer> option) {
        Integer p = c.getOptional(option).orElse(null);
        if (p != null && p < 1) {
            throw invalid(option, "must be at least 1, got " + p);
        }
        return p;
    }

    private static String name(String kind, String name, ConfigOption<?> option) {
        try {
            return StationNames.validate(kind, name);
        } catch (InvalidNameException e) {
            throw invalid(option, e.getMessage());
        }
    }

    private static ValidationException missing(ConfigOption<?> option) {
        return new ValidationException("Memphis table: '" + option.key() + "' is required");
    }

    private static ValidationException invalid(ConfigOption<?> option, String why) {
        return new ValidationException("Memphis table: '" + option.key() + "' " + why);
    }
}
