package dev.lakestation.connector.sink.writer;

import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.committer.CommitHandoff;
import dev.lakestation.connector.sink.committer.MemphisCommittable;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import dev.lakestation.connector.sink.internal.SinkSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;

/**
 * EXACTLY_ONCE without a message-id extractor: records are routed and serialized at once but only
 * buffered; before each checkpoint barrier the buffer becomes one {@link MemphisCommittable} that
 * the committer publishes once the checkpoint is complete. A record without its own id gets
 * {@code <prefix>:<subtask>:<epoch>:<batch>:<index>}, where epoch is the checkpoint this writer was
 * restored from: ids never repeat for different content within a job, and a re-committed batch
 * carries the ids it was stored with.
 */
public final class WriteAheadWriter<T> implements CommittingSinkWriter<T, MemphisCommittable> {
    private final SinkSession session;
    private final RecordConverter<T> converter;
    private final WriterMetrics metrics;
    private final String idBase;
    private final long maxBufferedBytes;
    private List<OutgoingMessage> buffer = new ArrayList<>();
    private long bufferedBytes;
    private long batch;
    private final String handoffKey;
    private final CommitHandoff handoff;

    public WriteAheadWriter(SinkSession session, RecordConverter<T> converter, WriterMetrics metrics,
            String idPrefix, int subtask, long epoch, long maxBufferedBytes, String handoffKey) {
        this.session = session;
        this.converter = converter;
        this.metrics = metrics;
        this.idBase = idPrefix + ":" + subtask + ":" + epoch + ":";
        this.maxBufferedBytes = maxBufferedBytes;
        this.handoffKey = handoffKey;
        this.handoff = CommitHandoff.register(handoffKey);
    }

    @Override
    public void write(T element, Context context) throws IOException {
        handoff.throwIfFailed();
        OutgoingMessage m = converter.convert(element);
        if (m == null) {
            metrics.deadLettered();
            return;
        }
        // a message without an id gets idBase + batch + ":" + its position, materialized by the
        // committable at publish time (MemphisCommittable#messageId) rather than stored per message
        bufferedBytes += m.payload().length;
        if (bufferedBytes > maxBufferedBytes) {
            throw new MemphisSinkException(m.station(), m.partition(), "the write-ahead buffer holds " + bufferedBytes
                    + " bytes since the last checkpoint, over memphis.sink.write-ahead.max-buffered-bytes; "
                    + "shorten the checkpoint interval or raise the limit");
        }
        buffer.add(m);
        metrics.sent(m.payload().length);
    }

    @Override
    public void flush(boolean endOfInput) {
        // nothing to publish here: the committer publishes after the checkpoint
    }

    @Override
    public Collection<MemphisCommittable> prepareCommit() throws IOException, InterruptedException {
        // the previous batch must be stored before the checkpoint that drops it from the committer's state
        handoff.awaitIdle();
        if (buffer.isEmpty()) {
            return List.of();
        }
        MemphisCommittable committable = new MemphisCommittable(buffer, idBase + batch + ":");
        buffer = new ArrayList<>();
        bufferedBytes = 0;
        batch++;
        return List.of(committable);
    }

    @Override
    public void close() {
        CommitHandoff.unregister(handoffKey, handoff);
        session.close();
    }
}
