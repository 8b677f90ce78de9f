package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.metrics.MemphisSourceReaderMetrics;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.connector.source.split.MemphisPartitionSplitState;
import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one partition through the consumer group's durable (jnats' pipelined pull consumer, which
 * also re-issues pulls after reconnects). The fetcher manager gives each split its own fetcher
 * thread, so a quiet partition never delays a busy one.
 *
 * <p>Per message: a redelivery of a message whose effect is in restored state is acked and dropped;
 * a redelivery of a message already delivered to this incarnation is dropped (its new reply subject
 * is kept); a message past the stop bound is nak'ed and finishes the split; everything else is
 * recorded (sequence → reply subject) and handed to the emitter.
 */
@Internal
final class MemphisPartitionSplitReader implements SplitReader<MemphisRecord, MemphisPartitionSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MemphisPartitionSplitReader.class);
    private static final long POLL_SLICE_MS = 20;
    private static final long IDLE_CHECK_NANOS = Duration.ofMillis(300).toNanos();

    private final MemphisSourceSettings settings;
    private final SharedConnection connection;
    private final Map<String, MemphisPartitionSplitState> states;
    private final Acker acker;
    private final MemphisSourceReaderMetrics metrics;

    private final List<Active> active = new ArrayList<>();
    private volatile boolean wakeUp;
    private int next;

    private static final class Active {
        final MemphisPartitionSplitState state;
        final MemphisPartitionSplit split;
        IterableConsumer consumer;
        boolean paused;
        long lastIdleCheck;

        Active(MemphisPartitionSplitState state) {
            this.state = state;
            this.split = state.split();
        }
    }

    MemphisPartitionSplitReader(MemphisSourceSettings settings, SharedConnection connection,
            Map<String, MemphisPartitionSplitState> states, Acker acker, MemphisSourceReaderMetrics metrics) {
        this.settings = settings;
        this.connection = connection;
        this.states = states;
        this.acker = acker;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<MemphisRecord> fetch() throws IOException {
        wakeUp = false;
        if (active.isEmpty()) {
            return new RecordsBySplits.Builder<MemphisRecord>().build();
        }
        Active a = active.get(next++ % active.size());
        RecordsBySplits.Builder<MemphisRecord> out = new RecordsBySplits.Builder<>();
        if (a.paused) {
            waitQuietly(settings.fetchMaxWait.toMillis());
            return out.build();
        }
        try {
            if (a.consumer == null) {
                a.consumer = open(a.split);
            }
            int taken = poll(a, out);
            if (taken == 0 && a.split.isBounded() && isIdleFinished(a)) {
                finish(a, out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + a.split.splitId(), e);
        } catch (JetStreamStatusCheckedException | JetStreamApiException e) {
            throw new IOException("Fetching station '" + a.split.station() + "' partition " + a.split.partition()
                    + " (stream " + a.split.streamName() + ", consumer group '" + settings.consumerGroup
                    + "') failed: " + e.getMessage(), e);
        }
        return out.build();
    }

    /** Takes up to a batch of messages; returns how many were delivered (emitted or dropped). */
    private int poll(Active a, RecordsBySplits.Builder<MemphisRecord> out)
            throws InterruptedException, JetStreamStatusCheckedException {
        String splitId = a.split.splitId();
        int delivered = 0;
        long deadline = System.nanoTime() + settings.fetchMaxWait.toNanos();
        while (delivered < settings.fetchBatchSize && !wakeUp) {
            Message m;
            if (delivered == 0) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    break;
                }
                m = a.consumer.nextMessage(Math.min(POLL_SLICE_MS, leftMs));
                if (m == null) {
                    continue;
                }
            } else {
                m = a.consumer.nextMessage(1);
                if (m == null) {
                    break;
                }
            }
            delivered++;
            if (handle(a, m, splitId, out)) {
                finish(a, out);
                break;
            }
        }
        return delivered;
    }

    /** Returns true when the message is past the stop bound (the split is finished). */
    private boolean handle(Active a, Message m, String splitId, RecordsBySplits.Builder<MemphisRecord> out) {
        NatsJetStreamMetaData meta = m.metaData();
        long seq = meta.streamSequence();
        String reply = m.getReplyTo();
        MemphisPartitionSplitState state = a.state;
        if (state.isRestoredPending(seq)) {
            // Its effect is in the restored checkpoint: confirm it, do not emit it again.
            acker.ackNow(state, seq, reply);
            metrics.redeliveryDropped();
            return false;
        }
        long timeSent = meta.timestamp().toInstant().toEpochMilli();
        if (seq > a.split.stopSequence() || timeSent > a.split.stopTimestampMillis()) {
            m.nak();
            return true;
        }
        if (!state.recordDelivery(seq, reply)) {
            metrics.redeliveryDropped();
            return false;
        }
        out.add(splitId, new MemphisRecord(a.split.station(), a.split.partition(), seq, timeSent,
                meta.deliveredCount(), m.getHeaders(), m.getData()));
        if (seq == a.split.stopSequence()) {
            return true;
        }
        return false;
    }

    /**
     * A bounded split with nothing to fetch is finished when the group has been delivered everything
     * up to the stop bound and holds no unacked deliveries besides ours (restored ones come back after
     * the ack wait and are acked then).
     */
    private boolean isIdleFinished(Active a) throws IOException, JetStreamApiException {
        long now = System.nanoTime();
        if (now - a.lastIdleCheck < IDLE_CHECK_NANOS) {
            return false;
        }
        a.lastIdleCheck = now;
        ConsumerInfo ci = connection.get().jetStreamManagement()
                .getConsumerInfo(a.split.streamName(), settings.durableName());
        boolean ackPendingOurs = ci.getNumAckPending() <= a.state.inFlightCount();
        boolean reachedStop = ci.getDelivered().getStreamSequence() >= a.split.stopSequence();
        boolean drained = ci.getNumPending() == 0
                && (a.split.stopSequence() != MemphisPartitionSplit.NO_STOP
                        || System.currentTimeMillis() > a.split.stopTimestampMillis());
        return ackPendingOurs && a.state.restoredPendingCount() == 0 && (reachedStop || drained);
    }

    private void finish(Active a, RecordsBySplits.Builder<MemphisRecord> out) {
        LOG.info("Split {} reached its stop bound", a.split.splitId());
        out.addFinishedSplit(a.split.splitId());
        closeConsumer(a);
        active.remove(a);
    }

    private IterableConsumer open(MemphisPartitionSplit split)
            throws IOException, JetStreamApiException {
        ConsumeOptions options = ConsumeOptions.builder()
                .batchSize(settings.fetchBatchSize)
                .expiresIn(Math.max(1000, Math.min(30_000, settings.maxAckTime.toMillis())))
                .build();
        return connection.get().getStreamContext(split.streamName())
                .getConsumerContext(settings.durableName())
                .iterate(options);
    }

    private void waitQuietly(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (this) {
            while (!wakeUp && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<MemphisPartitionSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        for (MemphisPartitionSplit split : change.splits()) {
            MemphisPartitionSplitState state = states.get(split.splitId());
            if (state == null) {
                throw new IllegalStateException("no state for split " + split.splitId());
            }
            active.add(new Active(state));
        }
    }

    @Override
    public void pauseOrResumeSplits(Collection<MemphisPartitionSplit> toPause, Collection<MemphisPartitionSplit> toResume) {
        for (Active a : active) {
            for (MemphisPartitionSplit s : toPause) {
                if (s.splitId().equals(a.split.splitId())) {
                    a.paused = true;
                }
            }
            for (MemphisPartitionSplit s : toResume) {
                if (s.splitId().equals(a.split.splitId())) {
                    a.paused = false;
                }
            }
        }
    }

    @Override
    public void wakeUp() {
        wakeUp = true;
        synchronized (this) {
            notifyAll();
        }
    }

    private void closeConsumer(Active a) {
        if (a.consumer != null) {
            try {
                a.consumer.stop();
                a.consumer.close();
            } catch (Exception e) {
                LOG.debug("Closing consumer of {} failed", a.split.splitId(), e);
            }
            a.consumer = null;
        }
    }

    @Override
    public void close() {
        for (Active a : new ArrayList<>(active)) {
            closeConsumer(a);
        }
        active.clear();
    }

    List<String> activeSplitIds() {
        List<String> ids = new ArrayList<>();
        for (Active a : active) {
            ids.add(a.split.splitId());
        }
        return Collections.unmodifiableList(ids);
    }
}
