package dev.lakestation.connector.source;

import dev.lakestation.connector.common.MemphisConnectionOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of {@link MemphisSource}, usable with {@code MemphisSourceBuilder#setConfig}; the
 * connection ones are the {@code memphis.connection.*} {@link MemphisConnectionOptions} the sink and the SQL
 * connector share. The typed builder setters write the same options.
 *
 * <pre>{@code
 * MemphisSource.<String>builder()
 *     .setConfig(MemphisSourceOptions.FETCH_BATCH_SIZE, 2000)
 *     .setConfig(MemphisSourceOptions.MAX_ACK_TIME, Duration.ofMinutes(2))
 *     ...
 * }</pre>
 */
@PublicEvolving
public final class MemphisSourceOptions {
    private MemphisSourceOptions() {}

    private static final String P = "memphis.source.";

    // connection: MemphisConnectionOptions (memphis.connection.*), shared with the sink and the SQL connector

    // ---------------- what to read ----------------
    public static final ConfigOption<List<String>> STATIONS = ConfigOptions.key(P + "stations").stringType()
            .asList().noDefaultValue().withDescription("Stations to read (external names).");
    public static final ConfigOption<String> STATION_PATTERN = ConfigOptions.key(P + "station-pattern").stringType()
            .noDefaultValue().withDescription(
                    "Java regex on external station names; matching stations are read, also ones created later.");
    public static final ConfigOption<String> CONSUMER_GROUP = ConfigOptions.key(P + "consumer-group").stringType()
            .noDefaultValue().withDescription("Memphis consumer group (durable consumer on every partition). Required.");
    public static final ConfigOption<StartingPosition.Kind> STARTING_POSITION = ConfigOptions
            .key(P + "starting-position").enumType(StartingPosition.Kind.class).defaultValue(StartingPosition.Kind.GROUP)
            .withDescription("GROUP, EARLIEST, LATEST, SEQUENCE, LAST_MESSAGES or TIMESTAMP; applies when the "
                    + "group's durable is created on a partition.");
    public static final ConfigOption<Long> STARTING_POSITION_VALUE = ConfigOptions.key(P + "starting-position.value")
            .longType().noDefaultValue()
            .withDescription("Sequence, message count or epoch millis for SEQUENCE, LAST_MESSAGES, TIMESTAMP.");
    public static final ConfigOption<StopCondition.Kind> STOP = ConfigOptions.key(P + "stop")
            .enumType(StopCondition.Kind.class).defaultValue(StopCondition.Kind.NONE)
            .withDescription("NONE (unbounded), LATEST_AT_START, SEQUENCE or TIMESTAMP (bounded).");
    public static final ConfigOption<Long> STOP_VALUE = ConfigOptions.key(P + "stop.value").longType().noDefaultValue()
            .withDescription("Last stream sequence or epoch millis (inclusive) for STOP = SEQUENCE or TIMESTAMP.");
    public static final ConfigOption<Duration> PARTITION_DISCOVERY_INTERVAL = ConfigOptions
            .key(P + "partition-discovery.interval").durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("How often new stations/partitions are looked for (unbounded only); 0 disables.");

    // ---------------- acks ----------------
    public static final ConfigOption<AckMode> ACK_MODE = ConfigOptions.key(P + "ack.mode").enumType(AckMode.class)
            .defaultValue(AckMode.ON_CHECKPOINT)
            .withDescription("ON_CHECKPOINT (needs checkpointing, exactly-once into Flink state) or AFTER_EMIT.");
    public static final ConfigOption<Duration> MAX_ACK_TIME = ConfigOptions.key(P + "max-ack-time").durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withDescription("Ack wait of the group's durables (Memphis max_ack_time_ms).");
    public static final ConfigOption<Integer> MAX_MSG_DELIVERIES = ConfigOptions.key(P + "max-msg-deliveries").intType()
            .defaultValue(10).withDescription("Deliveries before the broker dead-letters a message (1..10).");
    public static final ConfigOption<Boolean> ACK_IN_PROGRESS = ConfigOptions.key(P + "ack.in-progress").booleanType()
            .defaultValue(true).withDescription("Send in-progress (+WPI) for messages waiting for a checkpoint "
                    + "longer than half the max ack time, so slow checkpoints do not cause redeliveries.");
    public static final ConfigOption<Duration> ACK_TIMEOUT = ConfigOptions.key(P + "ack.timeout").durationType()
            .defaultValue(Duration.ofSeconds(10)).withDescription("How long to wait for the broker to confirm an ack.");
    public static final ConfigOption<Integer> ACK_MAX_OUTSTANDING = ConfigOptions.key(P + "ack.max-outstanding")
            .intType().defaultValue(8192).withDescription("Ack confirmations in flight at once per reader.");
    public static final ConfigOption<Boolean> VALIDATE_ACK_TIME = ConfigOptions.key(P + "ack.validate-max-ack-time")
            .booleanType().defaultValue(true).withDescription("Fail at start when max ack time cannot cover "
                    + "checkpoint interval + checkpoint timeout (with in-progress acks off).");

    // ---------------- fetching ----------------
    public static final ConfigOption<Integer> FETCH_BATCH_SIZE = ConfigOptions.key(P + "fetch.batch-size").intType()
            .defaultValue(1000).withDescription("Messages per pull request (1..5000).");
    public static final ConfigOption<Duration> FETCH_MAX_WAIT = ConfigOptions.key(P + "fetch.max-wait").durationType()
            .defaultValue(Duration.ofMillis(100)).withDescription("Longest a fetch waits for the first message.");
    public static final ConfigOption<Duration> PENDING_POLL_INTERVAL = ConfigOptions.key(P + "metrics.pending-interval")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How often consumer info is polled for the pendingRecords metric; 0 disables.");

    // ---------------- bad records ----------------
    public static final ConfigOption<DeserializationFailureMode> DESERIALIZATION_FAILURE = ConfigOptions
            .key(P + "deserialization.failure").enumType(DeserializationFailureMode.class)
            .defaultValue(DeserializationFailureMode.DEAD_LETTER)
            .withDescription("DEAD_LETTER (publish to the dead-letter station with the reason) or FAIL.");
    public static final ConfigOption<String> DEAD_LETTER_STATION = ConfigOptions.key(P + "dead-letter.station")
            .stringType().noDefaultValue()
            .withDescription("Station that receives undeserializable records; default: the station's dead-letter stream '<internal>$dls' (as memphis-client).");
}
