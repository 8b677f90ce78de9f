package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.memphis.MemphisHeaders;
import dev.lakestation.connector.sink.MemphisSinkException;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous JetStream publishing with a bounded window of messages awaiting their PubAck.
 *
 * <p>Headers are the ones the Memphis SDKs write: user headers, {@code $memphis_connectionId},
 * {@code $memphis_producedBy}, then the message id as {@code msg-id} (Memphis dedupe) and
 * {@code Nats-Msg-Id} (stock JetStream dedupe). Transient failures (PubAck timeout, no responders
 * while the broker reconnects or elects a leader) are retried with exponential backoff up to a
 * bound; before retrying a no-responders failure the partition's stream is checked, so a deleted
 * station or partition fails at once with a clear reason. Retries and diagnosis run on a private
 * thread, never on the client's dispatch thread.
 */
@Internal
public final class Publisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final SinkSession session;
    private final JetStream js;

    private final String producerName;
    private final String connectionId;
    private final Headers baseHeaders;
    private final int maxInFlight;
    private final Semaphore permits;
    private final int maxRetries;
    private final long backoffMs;
    private final ScheduledExecutorService retries;
    private volatile boolean closed;

    public Publisher(SinkSession session, String producerName, int maxInFlight, int maxRetries, Duration backoff,
            Duration publishTimeout) throws IOException {
        this.session = session;
        this.js = session.jetStream(publishTimeout);
        this.producerName = producerName.toLowerCase(Locale.ROOT);
        this.connectionId = session.connectionId();
        Headers base = new Headers();
        base.put(MemphisHeaders.CONNECTION_ID, connectionId);
        base.put(MemphisHeaders.PRODUCED_BY, this.producerName);
        this.baseHeaders = new Headers(base, true);
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.maxRetries = maxRetries;
        this.backoffMs = Math.max(1, backoff.toMillis());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "memphis-sink-retry");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.retries = executor;
    }

    /**
     * Takes one slot of the window, waiting while it is full. {@code yield} is tried first while
     * waiting (the task's mailbox, so timers and checkpoint notifications keep running); when it has
     * nothing to do the caller parks briefly on the window.
     */
    public void acquire(BooleanSupplier yield) throws InterruptedException {
        while (!permits.tryAcquire()) {
            if (!yield.getAsBoolean() && permits.tryAcquire(5, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** Messages published and not yet acked (or failed). */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    /** Waits until nothing is in flight, giving {@code yield} a chance between short parks. */
    public void awaitIdle(BooleanSupplier yield, BooleanSupplier stop) throws InterruptedException {
        while (inFlight() > 0 && !stop.getAsBoolean()) {
            if (!yield.getAsBoolean() && permits.tryAcquire(maxInFlight, 5, TimeUnit.MILLISECONDS)) {
                permits.release(maxInFlight);
                return;
            }
        }
    }

    /** Publishes a message whose window slot the caller holds ({@link #acquire}); the slot is released on the outcome. */
    public void publish(OutgoingMessage message, PublishTracker tracker) {
        attempt(message, toNats(message), tracker, 0);
    }

    private Message toNats(OutgoingMessage m) {
        Headers headers;
        if (m.headers().isEmpty() && m.messageId() == null) {
            headers = baseHeaders; // shared and read-only: jnats serializes it once
        } else {
            headers = new Headers(baseHeaders, false, null); // copying skips re-validating the Memphis headers
            for (Map.Entry<String, String> h : m.headers().entrySet()) {
                headers.put(h.getKey(), h.getValue());
            }
            if (m.messageId() != null) {
                headers.put(MemphisHeaders.MSG_ID, m.messageId());
                headers.put(MemphisHeaders.NATS_MSG_ID, m.messageId());
            }
        }
        return NatsMessage.builder().subject(m.subject()).headers(headers).data(m.payload()).build();
    }

    private void attempt(OutgoingMessage m, Message msg, PublishTracker tracker, int attempt) {
        long start = System.nanoTime();
        CompletableFuture<PublishAck> future;
        try {
            future = js.publishAsync(msg);
        } catch (Exception e) {
            onFailure(m, msg, tracker, attempt, e);
            return;
        }
        future.whenComplete((ack, error) -> {
            if (error == null) {
                permits.release();
                tracker.acked(m, ack, System.nanoTime() - start);
            } else {
                onFailure(m, msg, tracker, attempt, error);
            }
        });
    }

    private void onFailure(OutgoingMessage m, Message msg, PublishTracker tracker, int attempt, Throwable error) {
        Throwable cause = unwrap(error);
        if (closed) {
            fail(m, tracker, "publisher closed before the PubAck arrived", cause);
            return;
        }
        // Decide off the client's dispatch thread: the stream check is a request/reply.
        try {
            retries.execute(() -> decide(m, msg, tracker, attempt, cause));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fail(m, tracker, "publisher closed before the PubAck arrived", cause);
        }
    }

    private void decide(OutgoingMessage m, Message msg, PublishTracker tracker, int attempt, Throwable cause) {
        Kind kind = classify(cause);
        if (kind == Kind.NO_RESPONDERS) {
            try {
                if (!session.partitionExists(m.station(), m.partition())) {
                    fail(m, tracker, "stream '" + msg.getSubject().substring(0, msg.getSubject().length() - 6)
                            + "' does not exist (station or partition deleted while the job runs)", cause);
                    return;
                }
            } catch (IOException | RuntimeException lookupFailed) {
                // broker unreachable: treat as transient, the retry bound still applies
                LOG.debug("stream check for {} failed: {}", m.subject(), lookupFailed.toString());
            }
        }
        if (kind == Kind.PERMANENT) {
            fail(m, tracker, describe(cause), cause);
            return;
        }
        if (attempt >= maxRetries) {
            permits.release();
            tracker.failed(m, new MemphisSinkException(m.station(), m.partition(),
                    "gave up after " + (attempt + 1) + " attempts: " + describe(cause), cause, true));
            return;
        }
        long delay = Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(attempt, 20));
        LOG.debug("retrying publish to {} in {} ms (attempt {}): {}", m.subject(), delay, attempt + 1, cause.toString());
        try {
            retries.schedule(() -> attempt(m, msg, tracker, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fail(m, tracker, "publisher closed before the retry", cause);
        }
    }

    private void fail(OutgoingMessage m, PublishTracker tracker, String reason, Throwable cause) {
        permits.release();
        tracker.failed(m, new MemphisSinkException(m.station(), m.partition(), reason, cause));
    }

    enum Kind { TRANSIENT, NO_RESPONDERS, PERMANENT }

    static Kind classify(Throwable cause) {
        String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (text.contains("no responders") || text.contains("503")) {
            return Kind.NO_RESPONDERS;
        }
        if (cause instanceof TimeoutException || cause instanceof CancellationException
                || text.contains("timed out") || text.contains("timeout")) {
            return Kind.TRANSIENT;
        }
        if (cause instanceof JetStreamApiException || cause instanceof JetStreamStatusException) {
            return Kind.PERMANENT; // e.g. payload too large, stream sealed, wrong expected sequence
        }
        if (cause instanceof IllegalStateException && text.contains("closed")) {
            return Kind.PERMANENT;
        }
        return Kind.TRANSIENT; // IOExceptions while reconnecting and the like
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
    }
}
