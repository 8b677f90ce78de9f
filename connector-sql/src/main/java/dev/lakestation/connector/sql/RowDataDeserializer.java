package dev.lakestation.connector.sql;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import java.io.IOException;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.util.Collector;

/**
 * A Memphis message → table row: the payload through the table's format, followed by the requested
 * metadata columns. A payload the format throws on propagates, so the source dead-letters it (or fails).
 */
@Internal
final class RowDataDeserializer implements MemphisDeserializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> payload;
    private final ReadableMetadata[] metadata;
    private final TypeInformation<RowData> producedType;

    RowDataDeserializer(DeserializationSchema<RowData> payload, List<ReadableMetadata> metadata,
            TypeInformation<RowData> producedType) {
        this.payload = payload;
        this.metadata = metadata.toArray(new ReadableMetadata[0]);
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        payload.open(context);
    }

    @Override
    public void deserialize(MemphisRecord record, Collector<RowData> out) throws IOException {
        if (metadata.length == 0) {
            payload.deserialize(record.data(), out);
            return;
        }
        payload.deserialize(record.data(), new Collector<>() {
            @Override
            public void collect(RowData physical) {
                GenericRowData meta = new GenericRowData(metadata.length);
                for (int i = 0; i < metadata.length; i++) {
                    meta.setField(i, metadata[i].read(record));
                }
                JoinedRowData row = new JoinedRowData(physical.getRowKind(), physical, meta);
                out.collect(row);
            }

            @Override
            public void close() {}
        });
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
