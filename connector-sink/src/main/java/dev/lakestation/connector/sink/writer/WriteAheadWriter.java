package dev.lakestation.connector.sink.writer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.committer.CommitHandoff;
import dev.lakestation.connector.sink.committer.MemphisCommittable;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import dev.lakestation.connector.sink.internal.SinkSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;

/**
 * EXACTLY_ONCE without a message-id extractor: records are routed and serialized at once but only
 * buffered; before each checkpoint barrier the buffer becomes one {@link MemphisCommittable} that
 * the committer publishes once the checkpoint is complete. A record without its own id gets
 * {@code <prefix>:<subtask>:<epoch>:<batch>:<index>}, where epoch is the checkpoint this writer was
 * restored from: ids never repeat for different content within a job, and a re-committed batch
 * carries the ids it was stored with.
 */
@Internal
public final class WriteAheadWriter<T> implements CommittingSinkWriter<T, MemphisCommittable> {
    private final SinkSession session;
    private final RecordConverter<T> converter;
    @Nullable private final SchemaGate schemaGate;
    private final WriterMetrics metrics;
    private final String idBase;
    private final long maxBufferedBytes;
    /**
     * Messages since the last checkpoint. One without its own id gets {@code idBase + batch + ":" +
     * position}, materialized by the committable at publish time ({@link MemphisCommittable#messageId}).
     */
    private List<OutgoingMessage> buffer = new ArrayList<>();
    /** Positions in {@link #buffer} the station schema refused: dead-lettered by the committer. */
    private BitSet refused = new BitSet();
    private long bufferedBytes;
    private long batch;
    private final String handoffKey;
    private final CommitHandoff handoff;

    public WriteAheadWriter(SinkSession session, RecordConverter<T> converter, @Nullable SchemaGate schemaGate,
            WriterMetrics metrics, String idPrefix, int subtask, long epoch, long maxBufferedBytes, String handoffKey) {
        this.session = session;
        this.converter = converter;
        this.schemaGate = schemaGate;
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
        // a record the station schema refuses stays in the batch (keeping its position, so its id); the
        // committer dead-letters it after the checkpoint with that id: a re-commit writes the same dead
        // letter again, and the dead-letter stream stores it once
        boolean refusedBySchema = schemaGate != null && schemaGate.refuses(m);
        bufferedBytes += m.payload().length;
        if (bufferedBytes > maxBufferedBytes) {
            throw new MemphisSinkException(m.station(), m.partition(), "the write-ahead buffer holds " + bufferedBytes
                    + " bytes since the last checkpoint, over memphis.sink.write-ahead.max-buffered-bytes; "
                    + "shorten the checkpoint interval or raise the limit");
        }
        if (refusedBySchema) {
            refused.set(buffer.size());
            metrics.deadLettered();
        } else {
            metrics.sent(m.payload().length);
        }
        buffer.add(m);
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
        MemphisCommittable committable = new MemphisCommittable(buffer, idBase + batch + ":", refused);
        buffer = new ArrayList<>();
        refused = new BitSet();
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
