package dev.lakestation.connector.sql;

import dev.lakestation.memphis.MemphisOptions;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The validated sink options of a Memphis table; key and id columns are positions in the physical row
 * (null: none). toString shows no secret: MemphisOptions hides them.
 */
@Internal
record SinkConfig(MemphisOptions connection, String station, DeliveryGuarantee deliveryGuarantee,
        Integer partitionKeyColumn, Integer messageIdColumn, String producerName, int maxInFlight,
        Integer parallelism) {}
