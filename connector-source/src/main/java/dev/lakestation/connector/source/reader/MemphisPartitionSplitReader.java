package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.metrics.MemphisSourceReaderMetrics;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.connector.source.split.MemphisPartitionSplitState;
import dev.lakestation.memphis.internal.DurableStart;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import io.nats.client.Connection;
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
 * <p>Per message, whatever its delivery count (a broker killed without fsync may forget acks and
 * deliveries): a message the split state has as done (in a completed checkpoint, or acked) is acked
 * and dropped; one delivered or emitted in this incarnation and still waiting for its checkpoint is
 * dropped (its new reply subject is kept); a message past the stop bound is handed back (nak with a
 * delay) and remembered; everything else is recorded (sequence → reply subject) and handed to the
 * emitter.
 *
 * <p>Broker trouble: a durable the broker lost (or someone deleted) is recreated after the split's
 * done watermark; a JetStream call that times out or finds JetStream unavailable is retried within
 * {@link MemphisSourceSettings#retryBudget()}; after a reconnect the consumer is re-opened (a
 * restarted broker has forgotten its pull requests), so deliveries resume as soon as JetStream answers.
 *
 * <p>A bounded split finishes only through {@link #isComplete}: seeing the stop sequence is not
 * enough after a restore, because messages the failed incarnation received after its last checkpoint
 * are still unacked on the broker and come back only after the ack wait, possibly after newer ones.
 */
@Internal
final class MemphisPartitionSplitReader implements SplitReader<MemphisRecord, MemphisPartitionSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MemphisPartitionSplitReader.class);
    private static final long POLL_SLICE_MS = 20;
    private static final long LINGER_NANOS = Duration.ofMillis(5).toNanos();
    private static final long IDLE_CHECK_NANOS = Duration.ofMillis(300).toNanos();
    private static final long RETRY_MIN_NANOS = Duration.ofMillis(100).toNanos();
    private static final long RETRY_MAX_NANOS = Duration.ofSeconds(1).toNanos();

    private final MemphisSourceSettings settings;
    private final SharedConnection connection;
    private final Map<String, MemphisPartitionSplitState> states;
    private final Acker acker;
    private final MemphisSourceReaderMetrics metrics;

    private final List<Active> active = new ArrayList<>();
    private volatile boolean wakeUp;
    private final AckSubject ackSubject = new AckSubject();
    private int next;

    private static final class Active {
        final MemphisPartitionSplitState state;
        final MemphisPartitionSplit split;
        IterableConsumer consumer;
        boolean paused;
        long lastIdleCheck;
        /** The stop bound was reached or passed: check completeness even while messages still arrive. */
        boolean stopSeen;
        /** Messages past the stop bound this reader handed back; they stay unacked on the broker. */
        final java.util.Set<Long> pastStop = new java.util.HashSet<>();
        /** Reconnect count when the consumer was opened; another count means its pulls may be gone. */
        long openedAtReconnect;
        /** Since when JetStream calls of this split fail (0: they do not), next retry, current backoff. */
        long failingSinceNanos;
        long retryAtNanos;
        long backoffNanos = RETRY_MIN_NANOS;

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
        if (a.retryAtNanos != 0 && System.nanoTime() < a.retryAtNanos) {
            waitQuietly(Math.max(1, Math.min(settings.fetchMaxWait.toMillis(),
                    (a.retryAtNanos - System.nanoTime()) / 1_000_000)));
            return out.build();
        }
        try {
            if (a.consumer != null && a.openedAtReconnect != connection.reconnects()) {
                reopenAfterReconnect(a, out);
            }
            if (a.consumer == null) {
                a.consumer = open(a);
                recovered(a);
            }
            int taken = poll(a, out);
            if (taken > 0) {
                // not on empty polls: a consumer-info call failing on every completeness check must run out of budget
                recovered(a);
            }
            if (a.split.isBounded() && (taken == 0 || a.stopSeen) && isComplete(a)) {
                finish(a, out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + a.split.splitId(), e);
        } catch (JetStreamStatusCheckedException | JetStreamApiException | IOException | RuntimeException e) {
            failed(a, e);
        }
        return out.build();
    }

    /** Takes up to a batch of messages; returns how many were delivered (emitted or dropped). */
    private int poll(Active a, RecordsBySplits.Builder<MemphisRecord> out)
            throws InterruptedException, JetStreamStatusCheckedException {
        String splitId = a.split.splitId();
        int delivered = 0;
        long deadline = System.nanoTime() + settings.fetchMaxWait.toNanos();
        long lingerDeadline = 0;
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
                // Linger a few milliseconds for a fuller batch: fewer, larger hand-overs to the task.
                long leftMs = (lingerDeadline - System.nanoTime()) / 1_000_000;
                m = a.consumer.nextMessage(Math.max(1, leftMs));
                if (m == null) {
                    break;
                }
            }
            if (delivered == 0) {
                lingerDeadline = System.nanoTime() + LINGER_NANOS;
            }
            delivered++;
            handle(a, m, splitId, out);
        }
        return delivered;
    }

    private void handle(Active a, Message m, String splitId, RecordsBySplits.Builder<MemphisRecord> out) {
        String reply = m.getReplyTo();
        long seq;
        long timeSent;
        long delivered;
        if (ackSubject.parse(reply)) {
            seq = ackSubject.streamSequence;
            timeSent = ackSubject.timestampNanos / 1_000_000;
            delivered = ackSubject.deliveredCount;
        } else {
            NatsJetStreamMetaData meta = m.metaData();
            seq = meta.streamSequence();
            timeSent = meta.timestamp().toInstant().toEpochMilli();
            delivered = meta.deliveredCount();
        }
        MemphisPartitionSplitState state = a.state;
        MemphisPartitionSplitState.Delivery d = state.onDelivery(seq, reply);
        if (d == MemphisPartitionSplitState.Delivery.DONE) {
            // Its effect is in a completed checkpoint (the broker lost our ack, or restored state):
            // confirm it, do not emit it again.
            acker.ackNow(state, seq, reply);
            metrics.redeliveryDropped();
            return;
        }
        if (d == MemphisPartitionSplitState.Delivery.WAITING) {
            metrics.redeliveryDropped();
            return;
        }
        if (seq > a.split.stopSequence() || timeSent > a.split.stopTimestampMillis()) {
            // Not ours: hand it back for the group's later readers, delayed so it does not bounce straight back.
            state.forgetDelivery(seq);
            m.nakWithDelay(settings.maxAckTime);
            a.pastStop.add(seq);
            a.stopSeen = true;
            return;
        }
        out.add(splitId, new MemphisRecord(a.split.station(), a.split.partition(), seq, timeSent,
                delivered, m.getHeaders(), m.getData()));
        if (seq == a.split.stopSequence()) {
            a.stopSeen = true;
        }
    }

    /**
     * A bounded split is finished when the group has been delivered everything up to the stop bound
     * and holds no unacked deliveries besides ours (the ones this incarnation received, and the ones
     * past the bound it handed back). Anything else unacked was delivered to an earlier incarnation
     * and not covered by the restored checkpoint: it comes back after the ack wait and must be emitted
     * first.
     */
    private boolean isComplete(Active a) throws IOException, JetStreamApiException {
        long now = System.nanoTime();
        if (now - a.lastIdleCheck < IDLE_CHECK_NANOS) {
            return false;
        }
        a.lastIdleCheck = now;
        // Our in-flight entries leave only on a confirmed ack: read the broker while no ack is in
        // transit, so that its ack-pending count and ours describe the same moment.
        long mark = acker.quietMark();
        if (mark < 0) {
            return false;
        }
        ConsumerInfo ci;
        try {
            ci = connection.get().jetStreamManagement(settings.connection.jetStreamOptions())
                    .getConsumerInfo(a.split.streamName(), settings.durableName());
        } catch (IOException | JetStreamApiException e) {
            if (e instanceof JetStreamApiException && JetStreamAdmin.isNotFound((JetStreamApiException) e)) {
                throw e;
            }
            transientFailure(a, "consumer info", e);
            return false;
        }
        recovered(a);
        a.state.doneUpTo(ci.getAckFloor().getStreamSequence());
        if (acker.quietMark() != mark) {
            return false;
        }
        // Anything unacked beyond ours (a restored pending message not redelivered yet, or a delivery
        // to an earlier incarnation) is still to come back. Restored entries whose acks the earlier
        // incarnation already sent are not unacked, and not waited for.
        boolean ackPendingOurs = ci.getNumAckPending() <= a.state.inFlightCount() + a.pastStop.size();
        boolean reachedStop = ci.getDelivered().getStreamSequence() >= a.split.stopSequence();
        boolean drained = ci.getNumPending() == 0
                && (a.split.stopSequence() != MemphisPartitionSplit.NO_STOP
                        || System.currentTimeMillis() > a.split.stopTimestampMillis());
        return ackPendingOurs && (reachedStop || drained);
    }

    private void finish(Active a, RecordsBySplits.Builder<MemphisRecord> out) {
        LOG.info("Split {} reached its stop bound", a.split.splitId());
        out.addFinishedSplit(a.split.splitId());
        closeConsumer(a);
        active.remove(a);
    }

    private IterableConsumer open(Active a) throws IOException, JetStreamApiException {
        MemphisPartitionSplit split = a.split;
        Connection c = connection.get();
        a.openedAtReconnect = connection.reconnects();
        if (!a.state.watermarkKnown()) {
            // A split that never read: everything the group acked so far is done (the group's position).
            ConsumerInfo ci = c.jetStreamManagement(settings.connection.jetStreamOptions())
                    .getConsumerInfo(split.streamName(), settings.durableName());
            a.state.doneUpTo(ci.getAckFloor().getStreamSequence());
        }
        // Short pull expiries: a pull the broker forgot (restart) is replaced within seconds.
        ConsumeOptions options = ConsumeOptions.builder()
                .batchSize(settings.fetchBatchSize)
                .expiresIn(Math.max(1000, Math.min(5_000, settings.maxAckTime.toMillis())))
                .build();
        return c.getStreamContext(split.streamName())
                .getConsumerContext(settings.durableName())
                .iterate(options);
    }

    /**
     * After a reconnect the broker may have restarted and forgotten this consumer's pull requests: take
     * what the old subscription already buffered, then open a new one (which pulls again).
     */
    private void reopenAfterReconnect(Active a, RecordsBySplits.Builder<MemphisRecord> out)
            throws InterruptedException, JetStreamStatusCheckedException {
        String splitId = a.split.splitId();
        a.consumer.stop();
        Message m;
        while ((m = a.consumer.nextMessage(1)) != null) {
            handle(a, m, splitId, out);
        }
        closeConsumer(a);
        LOG.debug("Re-opening the consumer of {} after a reconnect", splitId);
    }

    /**
     * A fetch failed. A missing durable (the broker lost it, or someone deleted it) is recreated after
     * the split's done watermark; a missing stream (station deleted) fails the reader; anything else
     * (timeouts, JetStream unavailable while the broker restarts) is retried within the budget.
     */
    private void failed(Active a, Exception e) throws IOException {
        closeConsumer(a);
        Connection c = connection.ifOpen();
        if (c != null && c.getStatus() == Connection.Status.CLOSED) {
            throw failure(a, e);
        }
        try {
            if (durableMissing(a)) {
                recreateDurable(a);
                return;
            }
        } catch (IOException | JetStreamApiException probe) {
            if (probe instanceof JetStreamApiException && JetStreamAdmin.isNotFound((JetStreamApiException) probe)) {
                throw failure(a, probe);
            }
            // broker still unreachable: retried below
        }
        transientFailure(a, "fetch", e);
    }

    /** Whether the stream exists and the group's durable on it does not; throws when the stream is missing. */
    private boolean durableMissing(Active a) throws IOException, JetStreamApiException {
        io.nats.client.JetStreamManagement jsm = connection.get().jetStreamManagement(settings.connection.jetStreamOptions());
        jsm.getStreamInfo(a.split.streamName());
        try {
            jsm.getConsumerInfo(a.split.streamName(), settings.durableName());
            return false;
        } catch (JetStreamApiException e) {
            if (JetStreamAdmin.isNotFound(e)) {
                return true;
            }
            throw e;
        }
    }

    private void recreateDurable(Active a) throws IOException {
        long start = a.state.resumeSequence();
        try {
            new JetStreamAdmin(connection.get(), settings.connection.jetStreamOptions()).ensureDurable(
                    a.split.streamName(), settings.consumerGroup,
                    start > 1 ? DurableStart.sequence(start) : DurableStart.all(), settings.maxAckTime,
                    settings.maxMsgDeliveries);
        } catch (JetStreamApiException e) {
            throw failure(a, e);
        }
        LOG.warn("Consumer group '{}' had no durable on {} (deleted, or lost by the broker): recreated from the "
                + "checkpointed position, starting at stream sequence {}", settings.consumerGroup, a.split.streamName(), start);
    }

    private void transientFailure(Active a, String what, Exception e) throws IOException {
        long now = System.nanoTime();
        if (a.failingSinceNanos == 0) {
            a.failingSinceNanos = now;
            a.backoffNanos = RETRY_MIN_NANOS;
            LOG.warn("Memphis {} of {} failed ({}); retrying for up to {} s", what, a.split.splitId(), e.toString(),
                    settings.retryBudget().toSeconds());
        } else if (now - a.failingSinceNanos > settings.retryBudget().toNanos()) {
            throw failure(a, e);
        } else {
            a.backoffNanos = Math.min(RETRY_MAX_NANOS, a.backoffNanos * 2);
        }
        a.retryAtNanos = now + a.backoffNanos;
    }

    private void recovered(Active a) {
        if (a.failingSinceNanos != 0) {
            LOG.info("Memphis reads of {} resumed after {} ms", a.split.splitId(),
                    (System.nanoTime() - a.failingSinceNanos) / 1_000_000);
            a.failingSinceNanos = 0;
        }
        a.retryAtNanos = 0;
    }

    private IOException failure(Active a, Exception e) {
        return new IOException("Fetching station '" + a.split.station() + "' partition " + a.split.partition()
                + " (stream " + a.split.streamName() + ", consumer group '" + settings.consumerGroup
                + "') failed: " + e.getMessage(), e);
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
}
