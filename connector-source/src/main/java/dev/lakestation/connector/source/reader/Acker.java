package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.metrics.MemphisSourceReaderMetrics;
import dev.lakestation.connector.source.split.MemphisPartitionSplitState;
import dev.lakestation.connector.source.split.SequenceRanges;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends acks for one reader on its own thread. Every ack is a confirmed ack (JetStream "AckAck": the
 * {@code +ACK} is sent as a request and the broker answers once it applied it); confirmations are
 * pipelined, at most {@code ack.max-outstanding} at a time. Only a confirmed ack removes a sequence
 * from the split's pending set; a failed one stays pending and is retried after the next checkpoint.
 *
 * <p>Acks need only the reply subject and the connection (jnats connections are thread-safe), not the
 * subscription, so they run here rather than on the fetcher thread: a finished split's fetcher is
 * gone, but its last messages still have to be acked after the final checkpoint.
 *
 * <p>Also on this thread: in-progress ({@code +WPI}) for messages waiting for a checkpoint longer
 * than half the max ack time, and the consumer-info poll that feeds the pending metrics.
 */
@Internal
final class Acker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Acker.class);
    private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IN_PROGRESS = "+WPI".getBytes(StandardCharsets.US_ASCII);

    private final SharedConnection connection;
    private final MemphisSourceSettings settings;
    private final MemphisSourceReaderMetrics metrics;
    private final Map<String, MemphisPartitionSplitState> states;
    private final ScheduledExecutorService executor;
    private final Semaphore window;
    private final int windowSize;
    /** Ack operations queued or unconfirmed; with {@link #started}, lets readers see a quiet window. */
    private final java.util.concurrent.atomic.AtomicInteger inTransit = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();

    Acker(SharedConnection connection, MemphisSourceSettings settings, MemphisSourceReaderMetrics metrics,
            Map<String, MemphisPartitionSplitState> states, int subtask) {
        this.connection = connection;
        this.settings = settings;
        this.metrics = metrics;
        this.states = states;
        this.windowSize = settings.ackMaxOutstanding;
        this.window = new Semaphore(windowSize);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memphis-source-acker-" + subtask);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        if (settings.ackInProgress) {
            long period = Math.max(250, settings.maxAckTime.toMillis() / 4);
            long staleNanos = settings.maxAckTime.toNanos() / 2;
            executor.scheduleWithFixedDelay(() -> sendInProgress(staleNanos), period, period, TimeUnit.MILLISECONDS);
        }
        long poll = settings.pendingPollInterval.toMillis();
        if (poll > 0) {
            executor.scheduleWithFixedDelay(this::pollPending, poll, poll, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Acks, after checkpoint completion, the sequences pending at snapshot time. Per partition and per
     * chunk of {@link #CHUNK} messages, every ack but the last is published fire-and-forget and the
     * last one is a confirmed ack: the broker applies a consumer's acks in the order they arrive, so
     * its answer to the last one confirms the whole chunk. One round trip per chunk instead of one
     * per message keeps the broker's cost per message at that of plain acks.
     */
    void ackCheckpoint(long checkpointId, Map<String, SequenceRanges> plan) {
        begin();
        executor.execute(() -> {
          try {
            long sent = 0;
            for (Map.Entry<String, SequenceRanges> e : plan.entrySet()) {
                MemphisPartitionSplitState state = states.get(e.getKey());
                if (state == null) {
                    continue;
                }
                long[] seqs = new long[CHUNK];
                String[] replies = new String[CHUNK];
                int[] n = {0};
                e.getValue().forEach(seq -> {
                    String reply = state.replyTo(seq);
                    // No reply subject: a restored pending message not redelivered yet; it is acked
                    // when the broker redelivers it.
                    if (reply != null) {
                        seqs[n[0]] = seq;
                        replies[n[0]] = reply;
                        if (++n[0] == CHUNK) {
                            sendChunk(state, seqs, replies, n[0]);
                            n[0] = 0;
                        }
                    }
                });
                if (n[0] > 0) {
                    sendChunk(state, seqs, replies, n[0]);
                }
                sent += e.getValue().size();
            }
            LOG.debug("Checkpoint {}: acking {} messages", checkpointId, sent);
          } finally {
            end();
          }
        });
    }

    private void begin() {
        // inTransit before started, read in the opposite order by quietMark()
        inTransit.incrementAndGet();
        started.incrementAndGet();
    }

    private void end() {
        inTransit.decrementAndGet();
    }

    /**
     * A mark for reading broker state consistently with this reader's bookkeeping: the number of ack
     * operations started so far when none is queued or awaiting confirmation, else -1. Equal marks
     * before and after a read mean no ack was in transit during it.
     */
    long quietMark() {
        long s = started.get();
        return inTransit.get() == 0 ? s : -1;
    }

    static final int CHUNK = 4096;

    private void sendChunk(MemphisPartitionSplitState state, long[] seqs, String[] replies, int count) {
        Connection c;
        try {
            c = connection.get();
            window.acquire();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            metrics.acksFailed(count);
            return;
        }
        begin();
        long[] chunkSeqs = java.util.Arrays.copyOf(seqs, count);
        CompletableFuture<Message> f;
        try {
            for (int i = 0; i < count - 1; i++) {
                c.publish(replies[i], ACK);
            }
            f = c.requestWithTimeout(replies[count - 1], ACK, settings.ackTimeout);
        } catch (RuntimeException e) {
            window.release();
            end();
            metrics.acksFailed(count);
            LOG.debug("Acks of {} not sent", state.splitId(), e);
            return;
        }
        f.whenComplete((m, err) -> {
            window.release();
            end();
            if (err == null && (m == null || !m.isStatusMessage())) {
                state.acksConfirmed(chunkSeqs);
                metrics.acksSucceeded(chunkSeqs.length);
            } else {
                metrics.acksFailed(chunkSeqs.length);
                LOG.debug("Acks of {} up to seq {} not confirmed: {}", state.splitId(), chunkSeqs[chunkSeqs.length - 1],
                        err != null ? err.toString() : m.getStatus());
            }
        });
    }

    /** Acks one message now (redelivery of restored state, or AFTER_EMIT mode). */
    void ackNow(MemphisPartitionSplitState state, long seq, String reply) {
        begin();
        executor.execute(() -> {
            try {
                send(state, seq, reply);
            } finally {
                end();
            }
        });
    }

    private void send(MemphisPartitionSplitState state, long seq, String reply) {
        Connection c;
        try {
            c = connection.get();
            window.acquire();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            metrics.ackFailed();
            return;
        }
        CompletableFuture<Message> f;
        try {
            f = c.requestWithTimeout(reply, ACK, settings.ackTimeout);
        } catch (RuntimeException e) {
            window.release();
            metrics.ackFailed();
            LOG.debug("Ack of {} seq {} not sent", state.splitId(), seq, e);
            return;
        }
        begin();
        f.whenComplete((m, err) -> {
            window.release();
            end();
            if (err == null && (m == null || !m.isStatusMessage())) {
                state.ackConfirmed(seq);
                metrics.ackSucceeded();
            } else {
                metrics.ackFailed();
                LOG.debug("Ack of {} seq {} not confirmed: {}", state.splitId(), seq,
                        err != null ? err.toString() : m.getStatus());
            }
        });
    }

    private void sendInProgress(long staleNanos) {
        Connection c = connection.ifOpen();
        if (c == null) {
            return;
        }
        for (MemphisPartitionSplitState state : states.values()) {
            state.forEachStale(staleNanos, (seq, reply) -> c.publish(reply, IN_PROGRESS));
        }
    }

    private void pollPending() {
        Connection c = connection.ifOpen();
        if (c == null) {
            return;
        }
        for (MemphisPartitionSplitState state : states.values()) {
            try {
                io.nats.client.api.ConsumerInfo ci = c.jetStreamManagement(settings.connection.jetStreamOptions())
                        .getConsumerInfo(state.split().streamName(), settings.durableName());
                metrics.updatePending(state.splitId(), ci.getNumPending());
                // Gaps below the ack floor were acked by the broker without us (dead-lettered, deleted):
                // they never come back, so they need not keep the checkpointed state growing.
                state.doneUpTo(ci.getAckFloor().getStreamSequence());
            } catch (Exception e) {
                LOG.debug("Consumer info of {} unavailable: {}", state.splitId(), e.toString());
            }
        }
    }

    /** Waits until everything queued so far was sent and confirmed (or failed), at most {@code timeout}. */
    boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            executor.submit(() -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long left = Math.max(0, deadline - System.nanoTime());
            if (window.tryAcquire(windowSize, left, TimeUnit.NANOSECONDS)) {
                window.release(windowSize);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Ack flush did not finish", e);
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
