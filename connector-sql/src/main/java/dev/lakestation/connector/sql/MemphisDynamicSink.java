package dev.lakestation.connector.sql;

import dev.lakestation.connector.common.MemphisConfigException;
import dev.lakestation.connector.sink.MemphisSinkBuilder;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.RowKind;

/**
 * Writing a Memphis table: a {@link MemphisSink} publishing each row's payload through the format, with the
 * partition key and message id read from the configured columns. Insert-only: a station is a log.
 */
@Internal
final class MemphisDynamicSink implements DynamicTableSink {
    private final SinkConfig config;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final DataType physicalType;
    private final ObjectIdentifier table;

    MemphisDynamicSink(SinkConfig config, EncodingFormat<SerializationSchema<RowData>> format, DataType physicalType,
            ObjectIdentifier table) {
        this.config = config;
        this.format = format;
        this.physicalType = physicalType;
        this.table = table;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        if (!requestedMode.containsOnly(RowKind.INSERT)) {
            throw new ValidationException("Memphis table " + table.asSummaryString() + " takes inserts only, but the "
                    + "query produces " + requestedMode.getContainedKinds() + " (an aggregation or join without "
                    + "windows updates its results): write an append-only query, e.g. a windowed aggregation");
        }
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        SerializationSchema<RowData> payload = format.createRuntimeEncoder(context, physicalType);
        MemphisSinkBuilder<RowData> builder = config.builder().setValueSerializer(payload);
        if (config.partitionKeyColumn() != null) {
            builder.setPartitionKeyExtractor(new StringColumn(config.partitionKeyColumn()));
        }
        if (config.messageIdColumn() != null) {
            builder.setMessageIdExtractor(new StringColumn(config.messageIdColumn()));
        }
        try {
            return SinkV2Provider.of(builder.build(), config.parallelism());
        } catch (MemphisConfigException e) {
            throw new ValidationException(e.describe(MemphisTableOptions.NAMING), e);
        }
    }

    @Override
    public DynamicTableSink copy() {
        return new MemphisDynamicSink(config, format, physicalType, table);
    }

    @Override
    public String asSummaryString() {
        return "Memphis";
    }
}
