package dev.lakestation.connector.source.metrics;

import dev.lakestation.connector.source.split.MemphisPartitionSplitState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

/**
 * Reader metrics. FLIP-33: {@code numRecordsIn} (runtime), {@code numBytesIn}, {@code
 * numRecordsInErrors} (undeserializable records), {@code pendingRecords} (sum of the group's {@code
 * num_pending} over this reader's partitions, polled off the hot path). Connector: counters {@code
 * acksSucceeded}, {@code acksFailed}, {@code redeliveriesDropped}, {@code deserializationErrors},
 * {@code deadLettered} (records the deserializer emitted and asked to dead-letter too)
 * and per partition, in group {@code station.<s>.partition.<p>}: {@code pending}, {@code
 * pendingAcks}, {@code lastEmittedSeq}, {@code lastAckedSeq}.
 */
@Internal
public final class MemphisSourceReaderMetrics {
    private final SourceReaderMetricGroup group;
    private final Counter bytesIn;
    private final Counter recordsInErrors;
    private final Counter acksSucceeded;
    private final Counter acksFailed;
    private final Counter redeliveriesDropped;
    private final Counter deserializationErrors;
    private final Counter deadLettered;
    private final Map<String, AtomicLong> pendingBySplit = new ConcurrentHashMap<>();

    public MemphisSourceReaderMetrics(SourceReaderMetricGroup group) {
        this.group = group;
        this.bytesIn = group.getIOMetricGroup().getNumBytesInCounter();
        this.recordsInErrors = group.getNumRecordsInErrorsCounter();
        MetricGroup memphis = group.addGroup("memphis");
        this.acksSucceeded = memphis.counter("acksSucceeded");
        this.acksFailed = memphis.counter("acksFailed");
        this.redeliveriesDropped = memphis.counter("redeliveriesDropped");
        this.deserializationErrors = memphis.counter("deserializationErrors");
        this.deadLettered = memphis.counter("deadLettered");
        group.setPendingRecordsGauge(() -> {
            long sum = 0;
            for (AtomicLong v : pendingBySplit.values()) {
                sum += Math.max(0, v.get());
            }
            return sum;
        });
    }

    /** Registers the per-partition gauges of a split this reader now owns. */
    public void register(MemphisPartitionSplitState state) {
        AtomicLong pending = pendingBySplit.computeIfAbsent(state.splitId(), k -> new AtomicLong(-1));
        MetricGroup g = group.addGroup("station", state.split().station())
                .addGroup("partition", String.valueOf(state.split().partition()));
        g.gauge("pending", pending::get);
        g.gauge("pendingAcks", state::pendingAckCount);
        g.gauge("lastEmittedSeq", state::lastEmittedSeq);
        g.gauge("lastAckedSeq", state::lastAckedSeq);
    }

    public void unregister(String splitId) {
        pendingBySplit.remove(splitId);
    }

    public void updatePending(String splitId, long numPending) {
        AtomicLong v = pendingBySplit.get(splitId);
        if (v != null) {
            v.set(numPending);
        }
    }

    public void bytesIn(long bytes) {
        bytesIn.inc(bytes);
    }

    public void ackSucceeded() {
        acksSucceeded.inc();
    }

    public void acksSucceeded(long n) {
        acksSucceeded.inc(n);
    }

    public void acksFailed(long n) {
        acksFailed.inc(n);
    }

    public void ackFailed() {
        acksFailed.inc();
    }

    public void redeliveryDropped() {
        redeliveriesDropped.inc();
    }

    public void deadLettered() {
        deadLettered.inc();
    }

    public void deserializationError() {
        deserializationErrors.inc();
        recordsInErrors.inc();
    }

    public long acksSucceededCount() {
        return acksSucceeded.getCount();
    }

    public long acksFailedCount() {
        return acksFailed.getCount();
    }

    public long redeliveriesDroppedCount() {
        return redeliveriesDropped.getCount();
    }
}
