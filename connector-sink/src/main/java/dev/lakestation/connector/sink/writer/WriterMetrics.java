package dev.lakestation.connector.sink.writer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.internal.ConcurrentCounter;
import io.nats.client.api.PublishAck;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * FLIP-33 sink metrics: {@code numRecordsSend}/{@code numBytesSend} (task thread, when a record is
 * handed to the broker or, in write-ahead mode, to the checkpointed buffer), {@code numRecordsSendErrors},
 * {@code currentSendTime} (last publish→PubAck latency, ms), plus {@code duplicatesDetected} (PubAcks
 * flagged duplicate by the broker).
 */
@Internal
public final class WriterMetrics {
    private final Counter records;
    private final Counter bytes;
    private final Counter errors;
    private final Counter duplicates;
    private final AtomicLong pendingErrors = new AtomicLong();
    private volatile long sendTimeMs;

    public WriterMetrics(SinkWriterMetricGroup group) {
        this.records = group.getNumRecordsSendCounter();
        this.bytes = group.getNumBytesSendCounter();
        this.errors = group.getNumRecordsSendErrorsCounter();
        this.duplicates = group.counter("duplicatesDetected", new ConcurrentCounter());
        group.setCurrentSendTimeGauge(() -> sendTimeMs);
    }

    /** Task thread. */
    public void sent(int payloadBytes) {
        records.inc();
        bytes.inc(payloadBytes);
    }

    /** Task thread: a record failed schema validation and went to the dead-letter station. */
    public void deadLettered() {
        errors.inc();
    }

    /** Client thread. */
    public void acked(PublishAck ack, long latencyNanos) {
        sendTimeMs = TimeUnit.NANOSECONDS.toMillis(latencyNanos);
        if (ack.isDuplicate()) {
            duplicates.inc();
        }
    }

    /** Client thread: counted into the (not thread-safe) Flink counter by {@link #syncErrors}. */
    public void failed() {
        pendingErrors.incrementAndGet();
    }

    /** Task thread. */
    public void syncErrors() {
        long n = pendingErrors.getAndSet(0);
        if (n > 0) {
            errors.inc(n);
        }
    }
}
