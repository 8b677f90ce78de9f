package dev.lakestation.connector.sql;

import dev.lakestation.connector.sink.MemphisSink;
import dev.lakestation.connector.sink.MemphisSinkBuilder;
import dev.lakestation.memphis.MemphisOptions;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.data.RowData;

/**
 * The sink options of a Memphis table, mapped to the sink builder's settings (which validates them); key and
 * id columns are positions in the physical row (null: none). toString shows no secret: MemphisOptions hides them.
 */
@Internal
record SinkConfig(MemphisOptions connection, String station, DeliveryGuarantee deliveryGuarantee,
        Integer partitionKeyColumn, Integer messageIdColumn, String producerName, int maxInFlight,
        Integer parallelism) {

    /** A sink builder with these settings; the serializer and column extractors are set by the table sink. */
    MemphisSinkBuilder<RowData> builder() {
        return MemphisSink.<RowData>builder()
                .setOptions(connection)
                .setStation(station)
                .setDeliveryGuarantee(deliveryGuarantee)
                .setProducerName(producerName)
                .setMaxInFlight(maxInFlight);
    }
}
