package dev.lakestation.connector.sql;

import dev.lakestation.connector.source.AckMode;
import dev.lakestation.connector.source.DeserializationFailureMode;
import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.MemphisSourceBuilder;
import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.memphis.MemphisOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/**
 * The scan options of a Memphis table, mapped to the source builder's settings (which validates them: one
 * validation for DataStream and SQL). toString shows no secret: MemphisOptions hides them.
 */
@Internal
record ScanConfig(MemphisOptions connection, List<String> stations, String stationPattern, String consumerGroup,
        StartingPosition start, StopCondition stop, AckMode ackMode, Duration maxAckTime,
        Duration partitionDiscoveryInterval, DeserializationFailureMode deserializationFailure, Integer parallelism) {

    /** A source builder with these settings; the deserializer is set when the format's decoder exists. */
    MemphisSourceBuilder<RowData> builder() {
        MemphisSourceBuilder<RowData> b = MemphisSource.<RowData>builder()
                .setOptions(connection)
                .setStartingPosition(start)
                .setBounded(stop)
                .setAckMode(ackMode)
                .setMaxAckTime(maxAckTime)
                .setPartitionDiscoveryInterval(partitionDiscoveryInterval)
                .setDeserializationFailureMode(deserializationFailure);
        if (consumerGroup != null) {
            b.setConsumerGroup(consumerGroup);
        }
        if (stationPattern != null) {
            b.setStationPattern(stationPattern);
        }
        if (!stations.isEmpty()) {
            b.setStations(stations);
        }
        return b;
    }
}
