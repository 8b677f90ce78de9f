package dev.lakestation.connector.sql;

import dev.lakestation.connector.common.MemphisConnectionOptions;
import java.util.HashSet;
import java.util.List;
import static dev.lakestation.connector.sql.MemphisConnectorOptions.*;

import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.types.RowKind;

/**
 * {@code 'connector' = 'memphis'}: Memphis stations as Flink SQL / Table API tables, read through {@code
 * MemphisSource} and written through {@code MemphisSink}, the payload in any Flink format ({@code 'format'}).
 * Options: {@link MemphisConnectorOptions}. Registered in {@code META-INF/services}.
 */
@Internal
public class MemphisDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {
    public static final String IDENTIFIER = "memphis";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(HOST, USERNAME, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(MemphisConnectionOptions.TABLE.all());
        options.removeAll(requiredOptions());
        options.addAll(List.of(STATIONS, STATION_PATTERN, CONSUMER_GROUP,
                SCAN_STARTUP_MODE, SCAN_STARTUP_SEQUENCE, SCAN_STARTUP_LAST_MESSAGES, SCAN_STARTUP_TIMESTAMP,
                SCAN_BOUNDED_MODE, SCAN_BOUNDED_SEQUENCE, SCAN_BOUNDED_TIMESTAMP, SCAN_ACK_MODE, SCAN_MAX_ACK_TIME,
                SCAN_PARTITION_DISCOVERY_INTERVAL, SCAN_DESERIALIZATION_FAILURE, FactoryUtil.SOURCE_PARALLELISM,
                SINK_DELIVERY_GUARANTEE, SINK_PARTITION_KEY_FIELD, SINK_MESSAGE_ID_FIELD, SINK_PRODUCER_NAME,
                SINK_MAX_IN_FLIGHT, FactoryUtil.SINK_PARALLELISM));
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        insertOnly(format.getChangelogMode(), helper.getOptions().get(FactoryUtil.FORMAT));
        return new MemphisDynamicSource(MemphisTableOptions.scan(helper.getOptions()), format,
                context.getPhysicalRowDataType());
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        insertOnly(format.getChangelogMode(), helper.getOptions().get(FactoryUtil.FORMAT));
        return new MemphisDynamicSink(MemphisTableOptions.sink(helper.getOptions(), context.getPhysicalRowDataType()),
                format, context.getPhysicalRowDataType(), context.getObjectIdentifier());
    }

    private static void insertOnly(ChangelogMode mode, String format) {
        if (!mode.containsOnly(RowKind.INSERT)) {
            throw new ValidationException("Memphis table: '" + FactoryUtil.FORMAT.key() + "' = '" + format
                    + "' carries updates/deletes " + mode.getContainedKinds() + "; a Memphis table is insert-only, "
                    + "use an insert-only format (json, avro, csv, raw ...)");
        }
    }
}
