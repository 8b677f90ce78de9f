package dev.lakestation.connector.sql;

import dev.lakestation.connector.source.MemphisRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

/** The metadata columns a Memphis table can read ({@code ... METADATA FROM 'sequence' VIRTUAL}). */
@Internal
enum ReadableMetadata {
    STATION("station", DataTypes.STRING().notNull()) {
        @Override
        Object read(MemphisRecord r) {
            return StringData.fromString(r.station());
        }
    },
    PARTITION("partition", DataTypes.INT().notNull()) {
        @Override
        Object read(MemphisRecord r) {
            return r.partition();
        }
    },
    SEQUENCE("sequence", DataTypes.BIGINT().notNull()) {
        @Override
        Object read(MemphisRecord r) {
            return r.sequence();
        }
    },
    TIMESTAMP("timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull()) {
        @Override
        Object read(MemphisRecord r) {
            return TimestampData.fromEpochMillis(r.timeSentMillis());
        }
    },
    HEADERS("headers", DataTypes.MAP(DataTypes.STRING().nullable(), DataTypes.STRING().nullable()).notNull()) {
        @Override
        Object read(MemphisRecord r) {
            Map<StringData, StringData> map = new HashMap<>();
            // a header may repeat; the first value wins, as MemphisRecord#header(key) reads it
            for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
                if (!e.getValue().isEmpty()) {
                    map.put(StringData.fromString(e.getKey()), StringData.fromString(e.getValue().get(0)));
                }
            }
            return new GenericMapData(map);
        }
    },
    DELIVERY_COUNT("delivery-count", DataTypes.BIGINT().notNull()) {
        @Override
        Object read(MemphisRecord r) {
            return r.deliveryCount();
        }
    };

    final String key;
    final DataType dataType;

    ReadableMetadata(String key, DataType dataType) {
        this.key = key;
        this.dataType = dataType;
    }

    /** The value in Flink's internal data structures. */
    abstract Object read(MemphisRecord record);

    static ReadableMetadata ofKey(String key) {
        for (ReadableMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown Memphis metadata key '" + key + "'");
    }
}
