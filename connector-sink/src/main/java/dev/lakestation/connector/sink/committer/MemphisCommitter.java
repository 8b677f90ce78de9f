package dev.lakestation.connector.sink.committer;

import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.MemphisSinkOptions;
import dev.lakestation.connector.sink.internal.ConcurrentCounter;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import dev.lakestation.connector.sink.internal.PublishTracker;
import dev.lakestation.connector.sink.internal.Publisher;
import dev.lakestation.connector.sink.internal.SessionFactory;
import dev.lakestation.connector.sink.internal.SinkSession;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes write-ahead batches after their checkpoint completed, awaiting every PubAck. A batch can
 * be committed more than once (after a failure Flink re-commits what its restored state holds): its
 * message ids are fixed, so the broker answers duplicates (counted in {@code duplicatesDetected})
 * instead of storing them twice, as long as the re-commit falls inside the idempotency window. A
 * batch whose messages outlived their retries is retried later; a permanent error (deleted
 * station or partition, payload too large) fails the job naming the station and partition.
 */
public final class MemphisCommitter implements Committer<MemphisCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(MemphisCommitter.class);

    private final SessionFactory sessions;
    private final Configuration config;
    private final Counter published;
    private final Counter duplicates;
    private volatile long sendTimeMs;
    private SinkSession session;
    private Publisher publisher;

    public MemphisCommitter(SessionFactory sessions, Configuration config, SinkCommitterMetricGroup metrics) {
        this.sessions = sessions;
        this.config = config;
        this.published = metrics.counter("numRecordsPublished", new ConcurrentCounter());
        this.duplicates = metrics.counter("duplicatesDetected", new ConcurrentCounter());
        metrics.gauge("currentSendTime", () -> sendTimeMs);
    }

    @Override
    public void commit(Collection<CommitRequest<MemphisCommittable>> requests) throws IOException, InterruptedException {
        if (requests.isEmpty()) {
            return;
        }
        open();
        List<Batch> batches = new ArrayList<>(requests.size());
        for (CommitRequest<MemphisCommittable> request : requests) {
            Batch batch = new Batch(request);
            batches.add(batch);
            for (OutgoingMessage m : request.getCommittable().messages()) {
                if (batch.error.get() != null) {
                    break;
                }
                publisher.acquire(() -> false);
                batch.pending.incrementAndGet();
                publisher.publish(m, batch);
            }
        }
        for (Batch batch : batches) {
            batch.await();
            MemphisSinkException error = batch.error.get();
            if (error == null) {
                continue;
            }
            if (!error.retriable() || batch.request.getNumberOfRetries() >= config.get(MemphisSinkOptions.MAX_RETRIES)) {
                batch.request.signalFailedWithKnownReason(error);
            } else {
                LOG.warn("commit of {} messages failed, retrying later: {}", batch.request.getCommittable().size(),
                        error.getMessage());
                batch.request.retryLater();
            }
        }
    }

    private void open() throws IOException {
        if (session == null) {
            session = sessions.open();
            publisher = new Publisher(session,
                    config.get(MemphisSinkOptions.PRODUCER_NAME),
                    config.get(MemphisSinkOptions.COMMITTER_MAX_IN_FLIGHT),
                    config.get(MemphisSinkOptions.MAX_RETRIES),
                    config.get(MemphisSinkOptions.RETRY_BACKOFF),
                    config.get(MemphisSinkOptions.PUBLISH_TIMEOUT));
        }
    }

    /** One commit request's publishes. */
    private final class Batch implements PublishTracker {
        final CommitRequest<MemphisCommittable> request;
        final AtomicInteger pending = new AtomicInteger();
        final AtomicReference<MemphisSinkException> error = new AtomicReference<>();
        private final Object lock = new Object();

        Batch(CommitRequest<MemphisCommittable> request) {
            this.request = request;
        }

        @Override
        public void acked(OutgoingMessage message, PublishAck ack, long latencyNanos) {
            sendTimeMs = TimeUnit.NANOSECONDS.toMillis(latencyNanos);
            published.inc();
            if (ack.isDuplicate()) {
                duplicates.inc();
            }
            done();
        }

        @Override
        public void failed(OutgoingMessage message, MemphisSinkException e) {
            error.compareAndSet(null, e);
            done();
        }

        private void done() {
            if (pending.decrementAndGet() == 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }

        void await() throws InterruptedException {
            synchronized (lock) {
                while (pending.get() > 0) {
                    lock.wait(100);
                }
            }
        }
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        if (session != null) {
            session.close();
        }
    }
}
