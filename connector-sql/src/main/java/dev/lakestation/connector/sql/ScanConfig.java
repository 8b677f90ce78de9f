package dev.lakestation.connector.sql;

import dev.lakestation.connector.source.AckMode;
import dev.lakestation.connector.source.DeserializationFailureMode;
import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.memphis.MemphisOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** The validated scan options of a Memphis table (toString shows no secret: MemphisOptions hides them). */
@Internal
record ScanConfig(MemphisOptions connection, List<String> stations, String stationPattern, String consumerGroup,
        StartingPosition start, StopCondition stop, AckMode ackMode, Duration maxAckTime,
        Duration partitionDiscoveryInterval, DeserializationFailureMode deserializationFailure, Integer parallelism) {}
