package dev.lakestation.connector.sink;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Every tunable of {@link MemphisSink}, prefix {@code memphis.sink.}; set them with
 * {@code MemphisSinkBuilder#setConfig(ConfigOption, Object)}. Validated in {@code build()}.
 */
@PublicEvolving
public final class MemphisSinkOptions {
    private MemphisSinkOptions() {}

    public static final String PREFIX = "memphis.sink.";

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
            ConfigOptions.key(PREFIX + "delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
                    .withDescription("NONE, AT_LEAST_ONCE (all PubAcks awaited before a checkpoint completes) "
                            + "or EXACTLY_ONCE (deterministic message ids inside the idempotency window).");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key(PREFIX + "max-in-flight")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("Published messages awaiting a PubAck per writer (and per committer); "
                            + "write() blocks when the window is full.");

    public static final ConfigOption<Integer> COMMITTER_MAX_IN_FLIGHT =
            ConfigOptions.key(PREFIX + "committer.max-in-flight")
                    .intType()
                    .defaultValue(16384)
                    .withDescription("EXACTLY_ONCE write-ahead mode: unacknowledged publishes while the committer "
                            + "publishes a checkpoint's batch (a finite burst, so a deeper window than the writer's).");

    public static final ConfigOption<Boolean> COMMITTER_BACKGROUND =
            ConfigOptions.key(PREFIX + "committer.background-publish")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("EXACTLY_ONCE write-ahead mode: true publishes a committed batch in the background while "
                            + "the writer buffers the next one (the writer's next prepareCommit waits until it is fully "
                            + "acknowledged, so a batch leaves checkpointed state only once stored); false (default) "
                            + "publishes inside the commit call. On 2 cores the default measured faster and used less CPU "
                            + "per message; background publishing may pay off with cores to spare.");

    public static final ConfigOption<Duration> PUBLISH_TIMEOUT =
            ConfigOptions.key(PREFIX + "publish-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("How long one publish waits for its PubAck before it counts as a (retried) timeout.");

    public static final ConfigOption<Integer> MAX_RETRIES =
            ConfigOptions.key(PREFIX + "max-retries")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Retries of a transient publish failure (timeout, no responders while the "
                            + "broker reconnects or elects a leader) before the job fails.");

    public static final ConfigOption<Duration> RETRY_BACKOFF =
            ConfigOptions.key(PREFIX + "retry-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription("Delay before the first retry; doubles per attempt, capped at 5 s.");

    public static final ConfigOption<String> PRODUCER_NAME =
            ConfigOptions.key(PREFIX + "producer-name")
                    .stringType()
                    .defaultValue("flink-sink")
                    .withDescription("Producer name written to $memphis_producedBy (lowercased).");

    public static final ConfigOption<IdempotencyWindowCheck> IDEMPOTENCY_WINDOW_CHECK =
            ConfigOptions.key(PREFIX + "idempotency-window-check")
                    .enumType(IdempotencyWindowCheck.class)
                    .defaultValue(IdempotencyWindowCheck.FAIL)
                    .withDescription("EXACTLY_ONCE only: what to do when a station's idempotency window is "
                            + "shorter than checkpoint interval + expected recovery time.");

    public static final ConfigOption<Duration> EXPECTED_RECOVERY_TIME =
            ConfigOptions.key(PREFIX + "expected-recovery-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Upper bound of the time from a failure to the restarted job re-publishing; "
                            + "used in the idempotency window check.");

    public static final ConfigOption<String> MESSAGE_ID_PREFIX =
            ConfigOptions.key(PREFIX + "message-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("EXACTLY_ONCE write-ahead mode: prefix of generated message ids "
                            + "(default: the job id). Must differ between jobs writing to the same station.");

    public static final ConfigOption<Long> WRITE_AHEAD_MAX_BYTES =
            ConfigOptions.key(PREFIX + "write-ahead.max-buffered-bytes")
                    .longType()
                    .defaultValue(512L * 1024 * 1024)
                    .withDescription("EXACTLY_ONCE write-ahead mode: payload bytes a writer may buffer between two "
                            + "checkpoints; beyond it the job fails (shorten the checkpoint interval).");

    public static final ConfigOption<Boolean> SCHEMA_VALIDATION =
            ConfigOptions.key(PREFIX + "schema-validation")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Validate each payload against the station's schema before publishing.");

    public static final ConfigOption<SchemaFailureAction> SCHEMA_FAILURE_ACTION =
            ConfigOptions.key(PREFIX + "schema-failure-action")
                    .enumType(SchemaFailureAction.class)
                    .defaultValue(SchemaFailureAction.FAIL)
                    .withDescription("FAIL the job, or send the record to the dead-letter station (DEAD_LETTER) "
                            + "and continue.");

    /** Outcome of the idempotency window check. */
    public enum IdempotencyWindowCheck {
        FAIL, WARN, IGNORE
    }

    /** What happens to a record that fails schema validation. */
    public enum SchemaFailureAction {
        FAIL, DEAD_LETTER
    }
}
