package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.MemphisSinkOptions;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EXACTLY_ONCE rests on the broker dropping a re-published message id. The first publish and the
 * re-publish after a failure are at most one checkpoint interval plus the recovery time apart, so the
 * station's idempotency window must be longer than that; otherwise a replayed record is stored twice.
 */
@Internal
public final class IdempotencyWindowGuard implements StationDirectory.FirstUseCheck {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyWindowGuard.class);

    private final MemphisSinkOptions.IdempotencyWindowCheck policy;
    private final long checkpointIntervalMs;
    private final Duration recovery;

    public IdempotencyWindowGuard(Configuration config, long checkpointIntervalMs) {
        this.policy = config.get(MemphisSinkOptions.IDEMPOTENCY_WINDOW_CHECK);
        this.recovery = config.get(MemphisSinkOptions.EXPECTED_RECOVERY_TIME);
        this.checkpointIntervalMs = checkpointIntervalMs;
    }

    @Override
    public void check(SinkStation station) throws MemphisSinkException {
        if (policy == MemphisSinkOptions.IdempotencyWindowCheck.IGNORE) {
            return;
        }
        if (checkpointIntervalMs <= 0) {
            LOG.warn("EXACTLY_ONCE to station '{}' without checkpointing: nothing is committed before the end of "
                    + "a bounded input, and a failure replays everything", station.name());
            return;
        }
        Duration needed = Duration.ofMillis(checkpointIntervalMs).plus(recovery);
        Duration window = station.idempotencyWindow();
        if (window.compareTo(needed) > 0) {
            return;
        }
        String reason = "idempotency window " + window.toMillis() + " ms is not longer than checkpoint interval "
                + checkpointIntervalMs + " ms + expected recovery time " + recovery.toMillis()
                + " ms; a record replayed after a failure could be stored twice. Raise the station's idempotency "
                + "window, shorten the checkpoint interval, or set " + MemphisSinkOptions.IDEMPOTENCY_WINDOW_CHECK.key()
                + " to WARN";
        if (policy == MemphisSinkOptions.IdempotencyWindowCheck.FAIL) {
            throw new MemphisSinkException(station.name(), -1, reason);
        }
        LOG.warn("station '{}': {}", station.name(), reason);
    }
}
