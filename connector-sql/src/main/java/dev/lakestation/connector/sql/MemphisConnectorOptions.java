package dev.lakestation.connector.sql;

import dev.lakestation.connector.common.MemphisConnectionOptions;
import dev.lakestation.connector.source.AckMode;
import dev.lakestation.connector.source.DeserializationFailureMode;
import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.memphis.ControlPlane;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.connector.base.DeliveryGuarantee;

import static org.apache.flink.configuration.description.TextElement.text;

/**
 * The {@code WITH (...)} options of a {@code 'connector' = 'memphis'} table: the connection options are the
 * shared {@link MemphisConnectionOptions} without their {@code memphis.connection.} prefix ({@code 'host'},
 * {@code 'connection-token'}, {@code 'connect-timeout'}, {@link MemphisConnectionOptions#TABLE all of them}). Besides these, {@code 'format'}
 * (Flink's {@code FactoryUtil.FORMAT}) names the payload format and its own options ({@code 'json.*'} ...),
 * and {@code 'scan.parallelism'} / {@code 'sink.parallelism'} are Flink's.
 *
 * <pre>{@code
 * CREATE TABLE orders (id BIGINT, customer STRING, amount DOUBLE)
 * WITH ('connector' = 'memphis', 'host' = 'memphis.local', 'username' = 'app', 'connection-token' = '...',
 *       'stations' = 'orders', 'consumer-group' = 'flink-orders', 'format' = 'json')
 * }</pre>
 */
@PublicEvolving
public final class MemphisConnectorOptions {
    private MemphisConnectorOptions() {}

    // ---------------- connection: the shared MemphisConnectionOptions, without their memphis.connection. prefix
    public static final ConfigOption<String> HOST = MemphisConnectionOptions.TABLE.host;
    public static final ConfigOption<Integer> PORT = MemphisConnectionOptions.TABLE.port;
    public static final ConfigOption<String> USERNAME = MemphisConnectionOptions.TABLE.username;
    public static final ConfigOption<String> CONNECTION_TOKEN = MemphisConnectionOptions.TABLE.connectionToken;
    public static final ConfigOption<String> PASSWORD = MemphisConnectionOptions.TABLE.password;
    public static final ConfigOption<Integer> ACCOUNT_ID = MemphisConnectionOptions.TABLE.accountId;
    public static final ConfigOption<String> TLS_CERT_FILE = MemphisConnectionOptions.TABLE.tlsCertFile;
    public static final ConfigOption<String> TLS_KEY_FILE = MemphisConnectionOptions.TABLE.tlsKeyFile;
    public static final ConfigOption<String> TLS_CA_FILE = MemphisConnectionOptions.TABLE.tlsCaFile;
    public static final ConfigOption<ControlPlane> CONTROL_PLANE = MemphisConnectionOptions.TABLE.controlPlane;

    // ---------------- stations ----------------
    public static final ConfigOption<List<String>> STATIONS = ConfigOptions.key("stations").stringType().asList()
            .noDefaultValue().withDescription("Stations (external names), separated by ';'. A source reads all of "
                    + "them; a sink writes to exactly one.");
    public static final ConfigOption<String> STATION_PATTERN = ConfigOptions.key("station-pattern").stringType()
            .noDefaultValue().withDescription("Source only, instead of stations: Java regex on station names; "
                    + "stations created later are picked up too.");
    public static final ConfigOption<String> CONSUMER_GROUP = ConfigOptions.key("consumer-group").stringType()
            .noDefaultValue().withDescription("Source only, required: the Memphis consumer group that reads.");

    // ---------------- scan ----------------
    public static final ConfigOption<ScanStartupMode> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode")
            .enumType(ScanStartupMode.class).defaultValue(ScanStartupMode.GROUP)
            .withDescription("Where a new consumer group starts on a partition; an existing group continues "
                    + "from its acks, a restored job from its checkpoint.");
    public static final ConfigOption<Long> SCAN_STARTUP_SEQUENCE = ConfigOptions.key("scan.startup.sequence")
            .longType().noDefaultValue().withDescription("First stream sequence (≥ 1) for scan.startup.mode = sequence.");
    public static final ConfigOption<Long> SCAN_STARTUP_LAST_MESSAGES = ConfigOptions.key("scan.startup.last-messages")
            .longType().noDefaultValue()
            .withDescription("Messages per partition (≥ 1) for scan.startup.mode = last-messages.");
    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP = ConfigOptions.key("scan.startup.timestamp-millis")
            .longType().noDefaultValue()
            .withDescription("Epoch milliseconds for scan.startup.mode = timestamp: messages stored at or after it.");
    public static final ConfigOption<ScanBoundedMode> SCAN_BOUNDED_MODE = ConfigOptions.key("scan.bounded.mode")
            .enumType(ScanBoundedMode.class).defaultValue(ScanBoundedMode.UNBOUNDED)
            .withDescription("Whether and where the scan stops, per partition.");
    public static final ConfigOption<Long> SCAN_BOUNDED_SEQUENCE = ConfigOptions.key("scan.bounded.sequence")
            .longType().noDefaultValue()
            .withDescription("Last stream sequence (inclusive) for scan.bounded.mode = sequence.");
    public static final ConfigOption<Long> SCAN_BOUNDED_TIMESTAMP = ConfigOptions.key("scan.bounded.timestamp-millis")
            .longType().noDefaultValue()
            .withDescription("Last time sent, epoch milliseconds (inclusive), for scan.bounded.mode = timestamp.");
    public static final ConfigOption<ScanAckMode> SCAN_ACK_MODE = ConfigOptions.key("scan.ack-mode")
            .enumType(ScanAckMode.class).defaultValue(ScanAckMode.ON_CHECKPOINT)
            .withDescription("When messages are acked on the broker.");
    public static final ConfigOption<Duration> SCAN_MAX_ACK_TIME = ConfigOptions.key("scan.max-ack-time")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("Ack wait of the group's durables (Memphis max_ack_time_ms), at least 1 s.");
    public static final ConfigOption<Duration> SCAN_PARTITION_DISCOVERY_INTERVAL = ConfigOptions
            .key("scan.partition-discovery.interval").durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("How often new partitions and stations are looked for (unbounded scans); 0 disables.");
    public static final ConfigOption<ScanDeserializationFailure> SCAN_DESERIALIZATION_FAILURE = ConfigOptions
            .key("scan.deserialization-failure").enumType(ScanDeserializationFailure.class)
            .defaultValue(ScanDeserializationFailure.DEAD_LETTER)
            .withDescription("What happens to a payload the format cannot read.");

    // ---------------- sink ----------------
    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE = ConfigOptions
            .key("sink.delivery-guarantee").enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("none, at-least-once (every PubAck awaited before a checkpoint completes) or "
                    + "exactly-once (message ids inside the station's idempotency window: from "
                    + "sink.message-id-field, or generated by a write-ahead committer after each checkpoint).");
    public static final ConfigOption<String> SINK_PARTITION_KEY_FIELD = ConfigOptions.key("sink.partition-key-field")
            .stringType().noDefaultValue()
            .withDescription("A STRING/VARCHAR/CHAR column whose value is the partition key (placed as the Memphis "
                    + "SDKs do); NULL or unset: round robin.");
    public static final ConfigOption<String> SINK_MESSAGE_ID_FIELD = ConfigOptions.key("sink.message-id-field")
            .stringType().noDefaultValue()
            .withDescription("A STRING/VARCHAR/CHAR column whose value is the message id (the broker drops a "
                    + "repeated id inside the idempotency window). With exactly-once the sink then publishes "
                    + "directly with these ids instead of through the write-ahead committer.");
    public static final ConfigOption<String> SINK_PRODUCER_NAME = ConfigOptions.key("sink.producer-name")
            .stringType().defaultValue("flink-sql").withDescription("Producer name written to $memphis_producedBy.");
    public static final ConfigOption<Integer> SINK_MAX_IN_FLIGHT = ConfigOptions.key("sink.max-in-flight").intType()
            .defaultValue(4096).withDescription("Publishes awaiting a PubAck per writer; writing blocks beyond it.");

    /** {@code scan.startup.mode} values. */
    @PublicEvolving
    public enum ScanStartupMode implements DescribedEnum {
        GROUP("group", "the group's position (earliest for a new group)", StartingPosition.Kind.GROUP),
        EARLIEST("earliest", "the first message of each partition", StartingPosition.Kind.EARLIEST),
        LATEST("latest", "only messages produced after the group is created", StartingPosition.Kind.LATEST),
        SEQUENCE("sequence", "from scan.startup.sequence", StartingPosition.Kind.SEQUENCE),
        LAST_MESSAGES("last-messages", "the last scan.startup.last-messages messages", StartingPosition.Kind.LAST_MESSAGES),
        TIMESTAMP("timestamp", "from scan.startup.timestamp-millis", StartingPosition.Kind.TIMESTAMP);

        private final String value;
        private final String description;
        final StartingPosition.Kind kind;

        ScanStartupMode(String value, String description, StartingPosition.Kind kind) {
            this.value = value;
            this.description = description;
            this.kind = kind;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code scan.bounded.mode} values. */
    @PublicEvolving
    public enum ScanBoundedMode implements DescribedEnum {
        UNBOUNDED("unbounded", "never stops", StopCondition.Kind.NONE),
        LATEST("latest", "stops at the last message each partition held when the job started", StopCondition.Kind.LATEST_AT_START),
        SEQUENCE("sequence", "stops at scan.bounded.sequence", StopCondition.Kind.SEQUENCE),
        TIMESTAMP("timestamp", "stops at scan.bounded.timestamp-millis", StopCondition.Kind.TIMESTAMP);

        private final String value;
        private final String description;
        final StopCondition.Kind kind;

        ScanBoundedMode(String value, String description, StopCondition.Kind kind) {
            this.value = value;
            this.description = description;
            this.kind = kind;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code scan.ack-mode} values. */
    @PublicEvolving
    public enum ScanAckMode implements DescribedEnum {
        ON_CHECKPOINT("on-checkpoint", "after the checkpoint holding the message completed (exactly-once into "
                + "Flink state; needs checkpointing)", AckMode.ON_CHECKPOINT),
        AFTER_EMIT("after-emit", "right after the message is handed to Flink (jobs without checkpoints)", AckMode.AFTER_EMIT);

        private final String value;
        private final String description;
        final AckMode mode;

        ScanAckMode(String value, String description, AckMode mode) {
            this.value = value;
            this.description = description;
            this.mode = mode;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** {@code scan.deserialization-failure} values. */
    @PublicEvolving
    public enum ScanDeserializationFailure implements DescribedEnum {
        DEAD_LETTER("dead-letter", "published to the station's dead-letter stream with the reason, then acked",
                DeserializationFailureMode.DEAD_LETTER),
        FAIL("fail", "the job fails, naming station, partition and sequence", DeserializationFailureMode.FAIL);

        private final String value;
        private final String description;
        final DeserializationFailureMode mode;

        ScanDeserializationFailure(String value, String description, DeserializationFailureMode mode) {
            this.value = value;
            this.description = description;
            this.mode = mode;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }
}
