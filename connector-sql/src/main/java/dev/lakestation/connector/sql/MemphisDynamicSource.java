package dev.lakestation.connector.sql;

import dev.lakestation.connector.common.MemphisConfigException;
import dev.lakestation.connector.source.MemphisSourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/** Reading a Memphis table: a {@link MemphisSource} whose rows are the format's payload plus metadata columns. */
@Internal
final class MemphisDynamicSource implements ScanTableSource, SupportsReadingMetadata {
    private final ScanConfig config;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalType;
    private List<String> metadataKeys = List.of();
    private DataType producedType;

    MemphisDynamicSource(ScanConfig config, DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalType) {
        this.config = config;
        this.format = format;
        this.physicalType = physicalType;
        this.producedType = physicalType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeserializationSchema<RowData> payload = format.createRuntimeDecoder(context, physicalType);
        TypeInformation<RowData> type = context.createTypeInformation(producedType);
        List<ReadableMetadata> metadata = new ArrayList<>();
        for (String key : metadataKeys) {
            metadata.add(ReadableMetadata.ofKey(key));
        }
        MemphisSourceBuilder<RowData> builder = config.builder()
                .setDeserializer(new RowDataDeserializer(payload, metadata, type));
        try {
            return SourceProvider.of(builder.build(), config.parallelism());
        } catch (MemphisConfigException e) {
            throw new ValidationException(e.describe(MemphisTableOptions.NAMING), e);
        }
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> all = new LinkedHashMap<>();
        for (ReadableMetadata m : ReadableMetadata.values()) {
            all.put(m.key, m.dataType);
        }
        return all;
    }

    @Override
    public void applyReadableMetadata(List<String> keys, DataType producedDataType) {
        this.metadataKeys = List.copyOf(keys);
        this.producedType = producedDataType;
    }

    @Override
    public DynamicTableSource copy() {
        MemphisDynamicSource copy = new MemphisDynamicSource(config, format, physicalType);
        copy.metadataKeys = metadataKeys;
        copy.producedType = producedType;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Memphis";
    }
}
