package dev.lakestation.connector.sink.writer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.MemphisSinkOptions;
import dev.lakestation.connector.sink.committer.MemphisCommittable;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import dev.lakestation.connector.sink.internal.PublishTracker;
import dev.lakestation.connector.sink.internal.Publisher;
import dev.lakestation.connector.sink.internal.SinkSession;
import dev.lakestation.connector.sink.internal.SinkSettings;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Publishes each record at once (NONE, AT_LEAST_ONCE, and EXACTLY_ONCE with a message-id
 * extractor). {@code write} blocks while the in-flight window is full; {@code flush} — called before
 * every checkpoint barrier and at end of input — waits for every PubAck (except with NONE, which
 * waits only at end of input) and rethrows the first failure.
 */
@Internal
public final class MemphisWriter<T> implements CommittingSinkWriter<T, MemphisCommittable>, PublishTracker {
    private final SinkSession session;
    private final Publisher publisher;
    private final RecordConverter<T> converter;
    private final WriterMetrics metrics;
    private final MailboxExecutor mailbox;
    private final DeliveryGuarantee guarantee;
    private final AtomicReference<MemphisSinkException> failure = new AtomicReference<>();

    public MemphisWriter(SinkSettings<T> settings, SinkSession session, RecordConverter<T> converter,
            WriterMetrics metrics, MailboxExecutor mailbox) throws IOException {
        this.session = session;
        this.converter = converter;
        this.metrics = metrics;
        this.mailbox = mailbox;
        this.guarantee = settings.guarantee();
        this.publisher = new Publisher(session,
                settings.config.get(MemphisSinkOptions.PRODUCER_NAME),
                settings.config.get(MemphisSinkOptions.MAX_IN_FLIGHT),
                settings.config.get(MemphisSinkOptions.MAX_RETRIES),
                settings.config.get(MemphisSinkOptions.RETRY_BACKOFF),
                settings.config.get(MemphisSinkOptions.PUBLISH_TIMEOUT));
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        throwIfFailed();
        OutgoingMessage message = converter.convert(element);
        if (message == null) {
            metrics.deadLettered();
            return;
        }
        publisher.acquire(mailbox::tryYield);
        publisher.publish(message, this);
        metrics.sent(message.payload().length);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (guarantee != DeliveryGuarantee.NONE || endOfInput) {
            publisher.awaitIdle(mailbox::tryYield, () -> failure.get() != null);
        }
        throwIfFailed();
    }

    @Override
    public Collection<MemphisCommittable> prepareCommit() {
        return List.of();
    }

    @Override
    public void acked(OutgoingMessage message, PublishAck ack, long latencyNanos) {
        metrics.acked(ack, latencyNanos);
    }

    @Override
    public void failed(OutgoingMessage message, MemphisSinkException error) {
        metrics.failed();
        failure.compareAndSet(null, error);
    }

    private void throwIfFailed() throws MemphisSinkException {
        metrics.syncErrors();
        MemphisSinkException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        publisher.close();
        session.close();
    }
}
