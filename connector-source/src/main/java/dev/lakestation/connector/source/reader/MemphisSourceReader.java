package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.AckMode;
import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.metrics.MemphisSourceReaderMetrics;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.connector.source.split.MemphisPartitionSplitState;
import dev.lakestation.connector.source.split.SequenceRanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SourceReaderBase;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.UserCodeClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpointed-ack reader.
 *
 * <ol>
 *   <li>The emitter adds every emitted stream sequence to its split's pending set.
 *   <li>{@link #snapshotState}: the split state (with its pending set) goes into the checkpoint, and
 *       the pending sets are remembered under the checkpoint id.
 *   <li>{@link #notifyCheckpointComplete}: the newest remembered sets with id ≤ the completed one are
 *       acked with confirmed acks (older entries are subsumed: each set contains everything still
 *       unconfirmed); only confirmed sequences leave the pending sets.
 *   <li>After a restore, the broker redelivers what was never acked; redeliveries of sequences in the
 *       restored pending sets are acked and not emitted again.
 *   <li>Whatever the broker's consumer state says (a broker killed without fsync may forget acks and
 *       deliveries), a delivery whose sequence the split state has as done is never emitted again.
 * </ol>
 */
@Internal
public final class MemphisSourceReader<T>
        extends SourceReaderBase<MemphisRecord, T, MemphisPartitionSplit, MemphisPartitionSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(MemphisSourceReader.class);

    private final MemphisSourceSettings settings;
    private final Map<String, MemphisPartitionSplitState> states;
    private final SharedConnection connection;
    private final Acker acker;
    private final MemphisSourceReaderMetrics metrics;
    private final MemphisDeserializationSchema<T> deserializer;
    /** Finished splits whose last messages still wait for a checkpoint to be acked. */
    private final Map<String, MemphisPartitionSplitState> finishedWithPending = new HashMap<>();
    private final SortedMap<Long, Map<String, SequenceRanges>> toAck = new TreeMap<>();
    private long lastSnapshotNanos = System.nanoTime();
    private long lastNoCheckpointCheck;
    private long lastNoCheckpointWarning = System.nanoTime() - 300_000_000_000L;

    public static <T> MemphisSourceReader<T> create(MemphisSourceSettings settings,
            MemphisDeserializationSchema<T> deserializer, SourceReaderContext context) {
        Map<String, MemphisPartitionSplitState> states = new ConcurrentHashMap<>();
        SharedConnection connection = new SharedConnection(settings);
        MemphisSourceReaderMetrics metrics = new MemphisSourceReaderMetrics(context.metricGroup());
        Acker acker = new Acker(connection, settings, metrics, states, context.getIndexOfSubtask());
        // One fetcher thread per partition: a deeper hand-over queue than the default 2 keeps them busy.
        Configuration readerConfig = new Configuration();
        readerConfig.set(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY, 8);
        MemphisFetcherManager fetchers = new MemphisFetcherManager(
                () -> new MemphisPartitionSplitReader(settings, connection, states, acker, metrics), readerConfig);
        MemphisRecordEmitter<T> emitter = new MemphisRecordEmitter<>(deserializer, settings, metrics,
                new DeadLetterPublisher(settings, connection), acker);
        return new MemphisSourceReader<>(fetchers, emitter, readerConfig, context, settings, states, connection,
                acker, metrics, deserializer);
    }

    private MemphisSourceReader(MemphisFetcherManager fetchers, MemphisRecordEmitter<T> emitter,
            Configuration readerConfig, SourceReaderContext context, MemphisSourceSettings settings, Map<String, MemphisPartitionSplitState> states,
            SharedConnection connection, Acker acker, MemphisSourceReaderMetrics metrics,
            MemphisDeserializationSchema<T> deserializer) {
        super(fetchers, emitter, readerConfig, context);
        this.settings = settings;
        this.states = states;
        this.connection = connection;
        this.acker = acker;
        this.metrics = metrics;
        this.deserializer = deserializer;
    }

    @Override
    public void start() {
        validateCheckpointing(context.getConfiguration());
        try {
            deserializer.open(new InitContext(context));
        } catch (Exception e) {
            throw new FlinkRuntimeException("Opening the Memphis deserializer failed", e);
        }
        acker.start();
        super.start();
    }

    /**
     * Acks wait for checkpoints: without checkpointing they would never be sent, and with an ack wait
     * shorter than a checkpoint can take, every message would be redelivered (up to max deliveries,
     * then dead-lettered by the broker).
     */
    void validateCheckpointing(Configuration config) {
        if (settings.ackMode != AckMode.ON_CHECKPOINT) {
            return;
        }
        Optional<Duration> interval = config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        if (interval.isEmpty() || interval.get().isZero() || interval.get().isNegative()) {
            // Flink does not hand the job's checkpoint settings to readers on every deployment; then
            // pollNext watches for checkpoints instead (see warnIfNoCheckpoints).
            return;
        }
        Duration timeout = config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        Duration needed = interval.get().plus(timeout);
        if (!settings.ackInProgress && settings.validateAckTime && settings.maxAckTime.compareTo(needed) <= 0) {
            throw new IllegalStateException("Memphis source: max ack time " + settings.maxAckTime
                    + " of consumer group '" + settings.consumerGroup + "' must exceed checkpoint interval "
                    + interval.get() + " + checkpoint timeout " + timeout + " = " + needed
                    + ", because messages are acked only after the checkpoint that contains them completes; "
                    + "otherwise the broker redelivers them (and dead-letters them after "
                    + settings.maxMsgDeliveries + " deliveries). Raise memphis.source.max-ack-time, lower the "
                    + "checkpoint interval/timeout, or enable memphis.source.ack.in-progress.");
        }
        if (settings.maxAckTime.compareTo(interval.get()) <= 0) {
            LOG.warn("Memphis source: max ack time {} is not above the checkpoint interval {}; in-progress acks "
                    + "keep messages alive, at the cost of one +WPI per waiting message every {}",
                    settings.maxAckTime, interval.get(), settings.maxAckTime.dividedBy(2));
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        InputStatus status = super.pollNext(output);
        warnIfNoCheckpoints();
        if (status == InputStatus.NOTHING_AVAILABLE && getNumberOfCurrentlyAssignedSplits() == 0) {
            // A reader without partitions must not hold back the watermark of the whole job.
            output.markIdle();
        }
        return status;
    }

    /**
     * Never silent: with ack mode ON_CHECKPOINT and no checkpoint for longer than the max ack time
     * while messages wait for their ack, say so (checkpointing is probably disabled).
     */
    private void warnIfNoCheckpoints() {
        if (settings.ackMode != AckMode.ON_CHECKPOINT) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNoCheckpointCheck < 1_000_000_000L) {
            return;
        }
        lastNoCheckpointCheck = now;
        if (now - lastSnapshotNanos > settings.maxAckTime.toNanos() && now - lastNoCheckpointWarning > 300_000_000_000L) {
            long waiting = 0;
            for (MemphisPartitionSplitState s : states.values()) {
                waiting += s.pendingAckCount();
            }
            if (waiting > 0) {
                lastNoCheckpointWarning = now;
                LOG.warn("Memphis source: no checkpoint for {} s while {} messages wait for their ack. With ack mode "
                        + "ON_CHECKPOINT messages are acked only after a completed checkpoint: enable checkpointing "
                        + "or set memphis.source.ack.mode=AFTER_EMIT.", (now - lastSnapshotNanos) / 1_000_000_000L,
                        waiting);
            }
        }
    }

    @Override
    protected MemphisPartitionSplitState initializedState(MemphisPartitionSplit split) {
        MemphisPartitionSplitState state = new MemphisPartitionSplitState(split);
        states.put(split.splitId(), state);
        metrics.register(state);
        if (!split.pendingAcks().isEmpty()) {
            LOG.info("Split {} restored with {} pending acks; their redeliveries are acked, not emitted (done: {})",
                    split.splitId(), split.pendingAcks().size(), split.emitted());
        }
        return state;
    }

    @Override
    protected MemphisPartitionSplit toSplitType(String splitId, MemphisPartitionSplitState state) {
        return state.toSplit();
    }

    @Override
    protected void onSplitFinished(Map<String, MemphisPartitionSplitState> finished) {
        finished.forEach((id, state) -> {
            ((MemphisFetcherManager) splitFetcherManager).forget(id);
            if (state.pendingAckCount() > 0 && settings.ackMode == AckMode.ON_CHECKPOINT) {
                finishedWithPending.put(id, state);
            } else {
                states.remove(id);
                metrics.unregister(id);
            }
        });
    }

    @Override
    public List<MemphisPartitionSplit> snapshotState(long checkpointId) {
        lastSnapshotNanos = System.nanoTime();
        List<MemphisPartitionSplit> splits = new ArrayList<>(super.snapshotState(checkpointId));
        finishedWithPending.values().removeIf(s -> {
            if (s.pendingAckCount() == 0) {
                states.remove(s.splitId());
                metrics.unregister(s.splitId());
                return true;
            }
            return false;
        });
        for (MemphisPartitionSplitState s : finishedWithPending.values()) {
            splits.add(s.toSplit());
        }
        if (settings.ackMode == AckMode.ON_CHECKPOINT) {
            Map<String, SequenceRanges> plan = new HashMap<>();
            for (MemphisPartitionSplit s : splits) {
                SequenceRanges pending = s.pendingAcks();
                if (!pending.isEmpty()) {
                    plan.put(s.splitId(), pending);
                }
            }
            synchronized (toAck) {
                toAck.put(checkpointId, plan);
            }
        }
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Map<String, SequenceRanges> plan = null;
        synchronized (toAck) {
            SortedMap<Long, Map<String, SequenceRanges>> done = toAck.headMap(checkpointId + 1);
            if (!done.isEmpty()) {
                plan = done.get(done.lastKey());
                done.clear();
            }
        }
        if (plan != null && !plan.isEmpty()) {
            acker.ackCheckpoint(checkpointId, plan);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            // Acks of the last completed checkpoint (e.g. stop-with-savepoint) must reach the broker
            // before the connection goes away.
            if (!acker.flush(settings.ackTimeout)) {
                LOG.warn("Memphis source closed with unconfirmed acks; the broker redelivers those messages "
                        + "and a restored job acks them without emitting");
            }
            super.close();
        } finally {
            acker.close();
            connection.close();
        }
    }

    /** For tests. */
    public MemphisSourceReaderMetrics metrics() {
        return metrics;
    }

    private static final class InitContext implements DeserializationSchema.InitializationContext {
        private final SourceReaderContext context;

        InitContext(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public MetricGroup getMetricGroup() {
            return context.metricGroup().addGroup("deserializer");
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return context.getUserCodeClassLoader();
        }
    }
}
