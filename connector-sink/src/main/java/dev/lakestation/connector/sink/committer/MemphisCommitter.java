package dev.lakestation.connector.sink.committer;

import org.apache.flink.annotation.Internal;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
@Internal
public final class MemphisCommitter implements Committer<MemphisCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(MemphisCommitter.class);

    private final SessionFactory sessions;
    private final Configuration config;
    private final Counter published;
    private final Counter duplicates;
    private final Counter deadLettered;
    private volatile long sendTimeMs;
    private final String handoffKey;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memphis-sink-committer");
        t.setDaemon(true);
        return t;
    });
    private final Set<CommitHandoff> pending = new HashSet<>();
    private SinkSession session;
    private Publisher publisher;

    public MemphisCommitter(SessionFactory sessions, Configuration config, SinkCommitterMetricGroup metrics,
            String handoffKey) {
        this.sessions = sessions;
        this.config = config;
        this.handoffKey = handoffKey;
        this.published = metrics.counter("numRecordsPublished", new ConcurrentCounter());
        this.duplicates = metrics.counter("duplicatesDetected", new ConcurrentCounter());
        this.deadLettered = metrics.counter("numRecordsDeadLettered", new ConcurrentCounter());
        metrics.gauge("currentSendTime", () -> sendTimeMs);
    }

    @Override
    public void commit(Collection<CommitRequest<MemphisCommittable>> requests) throws IOException, InterruptedException {
        if (requests.isEmpty()) {
            return;
        }
        open();
        CommitHandoff handoff = config.get(MemphisSinkOptions.COMMITTER_BACKGROUND)
                ? CommitHandoff.lookup(handoffKey) : null;
        if (handoff == null) {
            commitNow(requests);
            return;
        }
        // published in the background; the writer's next prepareCommit waits for it (see CommitHandoff)
        List<MemphisCommittable> committables = new ArrayList<>(requests.size());
        for (CommitRequest<MemphisCommittable> request : requests) {
            committables.add(request.getCommittable());
        }
        handoff.started();
        background.execute(() -> {
            MemphisSinkException error = null;
            try {
                for (MemphisCommittable c : committables) {
                    Batch batch = publish(c);
                    batch.await();
                    if (batch.error.get() != null) {
                        error = batch.error.get();
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = batchError(committables, "interrupted while publishing a committed batch", e);
            } catch (RuntimeException e) {
                error = batchError(committables, "publishing a committed batch failed: " + e, e);
            } finally {
                handoff.finished(error);
            }
        });
        pending.add(handoff);
    }

    private static MemphisSinkException batchError(List<MemphisCommittable> batches, String reason, Exception cause) {
        OutgoingMessage first = batches.isEmpty() || batches.get(0).messages().isEmpty()
                ? null : batches.get(0).messages().get(0);
        return new MemphisSinkException(first == null ? "" : first.station(), first == null ? -1 : first.partition(),
                reason, cause);
    }

    /** Synchronous commit: publish, await, and report per request. */
    private void commitNow(Collection<CommitRequest<MemphisCommittable>> requests)
            throws IOException, InterruptedException {
        List<Batch> batches = new ArrayList<>(requests.size());
        List<CommitRequest<MemphisCommittable>> order = new ArrayList<>(requests);
        for (CommitRequest<MemphisCommittable> request : order) {
            batches.add(publish(request.getCommittable()));
        }
        for (int i = 0; i < order.size(); i++) {
            Batch batch = batches.get(i);
            CommitRequest<MemphisCommittable> request = order.get(i);
            batch.await();
            MemphisSinkException error = batch.error.get();
            if (error == null) {
                continue;
            }
            if (!error.retriable() || request.getNumberOfRetries() >= config.get(MemphisSinkOptions.MAX_RETRIES)) {
                // thrown, not signalFailedWithKnownReason: Flink would only log and discard that committable
                throw error;
            } else {
                LOG.warn("commit of {} messages failed, retrying: {}", request.getCommittable().size(), error.getMessage());
                request.retryLater();
            }
        }
    }

    private Batch publish(MemphisCommittable committable) throws InterruptedException {
        Batch batch = new Batch();
        for (int i = 0, n = committable.size(); i < n; i++) {
            if (batch.error.get() != null) {
                break;
            }
            if (committable.isRefused(i)) {
                deadLetter(committable.resolved(i), batch);
                continue;
            }
            publisher.acquire(() -> false);
            batch.pending.incrementAndGet();
            publisher.publish(committable.resolved(i), batch);
        }
        return batch;
    }

    /** A record the station schema refused at write time: to the dead-letter station, with its id. */
    private void deadLetter(OutgoingMessage m, Batch batch) {
        try {
            session.deadLetter(m, config.get(MemphisSinkOptions.PRODUCER_NAME), null);
            deadLettered.inc();
        } catch (IOException | RuntimeException e) {
            batch.error.compareAndSet(null, new MemphisSinkException(m.station(), m.partition(),
                    "cannot dead-letter a record refused by the station schema: " + e.getMessage(), e));
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

    /** One committable's publishes. */
    private final class Batch implements PublishTracker {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicReference<MemphisSinkException> error = new AtomicReference<>();
        private final Object lock = new Object();

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

    /** Waits for batches still being published in the background, so a finished job has stored everything. */
    @Override
    public void close() throws Exception {
        MemphisSinkException unreported = null;
        try {
            for (CommitHandoff h : pending) {
                MemphisSinkException e = h.awaitUnreportedFailure();
                unreported = unreported == null ? e : unreported;
            }
        } finally {
            background.shutdownNow();
            closeConnection();
        }
        if (unreported != null) {
            throw unreported; // the final batch failed after the last checkpoint: fail the job, do not drop it
        }
    }

    private void closeConnection() {
        if (publisher != null) {
            publisher.close();
        }
        if (session != null) {
            session.close();
        }
    }
}
