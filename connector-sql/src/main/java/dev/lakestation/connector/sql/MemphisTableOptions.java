package dev.lakestation.connector.sql;

import static dev.lakestation.connector.sql.MemphisConnectorOptions.*;

import dev.lakestation.connector.common.MemphisConfigException;
import dev.lakestation.connector.common.MemphisConnection;
import dev.lakestation.connector.common.MemphisConnectionOptions;
import dev.lakestation.connector.common.OptionNaming;
import dev.lakestation.connector.sink.MemphisSinkBuilder;
import dev.lakestation.connector.sink.MemphisSinkOptions;
import dev.lakestation.connector.source.MemphisSourceOptions;
import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.memphis.MemphisOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.LongFunction;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

/**
 * Table options → validated {@link ScanConfig} / {@link SinkConfig}. The connection, source and sink
 * settings are validated by the same code as the DataStream builders' (their {@link MemphisConfigException}
 * told with the table's option names); what is SQL's own (startup and bounded modes with their values, one
 * station to write, key and id columns, parallelism) is checked here. Every error names the option to fix;
 * no message contains a secret's value.
 */
@Internal
final class MemphisTableOptions {
    private MemphisTableOptions() {}

    /**
     * How the builders' errors name options in SQL: the table option each builder option comes from, e.g.
     * {@code memphis.source.max-ack-time} → {@code 'scan.max-ack-time'}.
     */
    static final OptionNaming NAMING = OptionNaming.table("Memphis table", tableKeys());

    private static Map<String, String> tableKeys() {
        Map<String, String> keys = new HashMap<>();
        List<ConfigOption<?>> shared = MemphisConnectionOptions.CONFIG.all();
        List<ConfigOption<?>> table = MemphisConnectionOptions.TABLE.all();
        for (int i = 0; i < shared.size(); i++) {
            keys.put(shared.get(i).key(), table.get(i).key());
        }
        keys.put(MemphisSourceOptions.STATIONS.key(), STATIONS.key());
        keys.put(MemphisSourceOptions.STATION_PATTERN.key(), STATION_PATTERN.key());
        keys.put(MemphisSourceOptions.CONSUMER_GROUP.key(), CONSUMER_GROUP.key());
        keys.put(MemphisSourceOptions.STARTING_POSITION.key(), SCAN_STARTUP_MODE.key());
        keys.put(MemphisSourceOptions.STARTING_POSITION_VALUE.key(), SCAN_STARTUP_MODE.key());
        keys.put(MemphisSourceOptions.STOP.key(), SCAN_BOUNDED_MODE.key());
        keys.put(MemphisSourceOptions.STOP_VALUE.key(), SCAN_BOUNDED_MODE.key());
        keys.put(MemphisSourceOptions.ACK_MODE.key(), SCAN_ACK_MODE.key());
        keys.put(MemphisSourceOptions.MAX_ACK_TIME.key(), SCAN_MAX_ACK_TIME.key());
        keys.put(MemphisSourceOptions.PARTITION_DISCOVERY_INTERVAL.key(), SCAN_PARTITION_DISCOVERY_INTERVAL.key());
        keys.put(MemphisSourceOptions.DESERIALIZATION_FAILURE.key(), SCAN_DESERIALIZATION_FAILURE.key());
        keys.put(MemphisSinkOptions.DELIVERY_GUARANTEE.key(), SINK_DELIVERY_GUARANTEE.key());
        keys.put(MemphisSinkOptions.PRODUCER_NAME.key(), SINK_PRODUCER_NAME.key());
        keys.put(MemphisSinkOptions.MAX_IN_FLIGHT.key(), SINK_MAX_IN_FLIGHT.key());
        return Map.copyOf(keys);
    }

    /** The connection: the shared validation of memphis-connection options, with the table's option names. */
    static MemphisOptions connection(ReadableConfig c) {
        return checked(() -> MemphisConnection.options(c, MemphisConnectionOptions.TABLE, null, NAMING));
    }

    /** Runs a builder's validation; its error, which names builder options, is told with the table's options. */
    private static <T> T checked(Supplier<T> validation) {
        try {
            return validation.get();
        } catch (MemphisConfigException e) {
            throw new ValidationException(e.describe(NAMING), e);
        }
    }

    static ScanConfig scan(ReadableConfig c) {
        MemphisOptions connection = connection(c);
        List<String> stations = c.getOptional(STATIONS).orElse(List.of());
        String pattern = c.getOptional(STATION_PATTERN).orElse(null);
        String group = c.getOptional(CONSUMER_GROUP).orElse(null);

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

        ScanConfig scan = new ScanConfig(connection, List.copyOf(stations), pattern, group, start, stop,
                c.get(SCAN_ACK_MODE).mode, c.get(SCAN_MAX_ACK_TIME), c.get(SCAN_PARTITION_DISCOVERY_INTERVAL),
                c.get(SCAN_DESERIALIZATION_FAILURE).mode, parallelism(c, FactoryUtil.SOURCE_PARALLELISM));
        // the source builder's validation (station names, pattern, group, limits): one validation for both APIs
        checked(() -> {
            scan.builder().validate();
            return scan;
        });
        return scan;
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
        RowType row = (RowType) physicalRow.getLogicalType();
        Integer key = stringColumn(c, SINK_PARTITION_KEY_FIELD, row);
        Integer id = stringColumn(c, SINK_MESSAGE_ID_FIELD, row);
        SinkConfig sink = new SinkConfig(connection, stations.get(0), c.get(SINK_DELIVERY_GUARANTEE), key, id,
                c.get(SINK_PRODUCER_NAME), c.get(SINK_MAX_IN_FLIGHT), parallelism(c, FactoryUtil.SINK_PARALLELISM));
        // the sink builder's validation (station and producer names, limits)
        checked(() -> {
            MemphisSinkBuilder<RowData> builder;
            try {
                builder = sink.builder();
            } catch (MemphisConfigException e) {
                if (!e.options().isEmpty()) {
                    throw e;
                }
                throw invalid(STATIONS, e.detail(NAMING)); // setStation refused the name
            }
            builder.validate();
            return sink;
        });
        return sink;
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

    private static ValidationException invalid(ConfigOption<?> option, String why) {
        return new ValidationException("Memphis table: '" + option.key() + "' " + why);
    }
}
