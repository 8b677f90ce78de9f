package dev.lakestation.connector.sink.committer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import java.util.BitSet;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Write-ahead batch: the messages one writer received between two checkpoints, each with its
 * partition chosen and its message id fixed. Stored in checkpoints by the committer and published
 * after the checkpoint completes; re-publishing it after a failure sends the same ids, which the
 * broker deduplicates inside the idempotency window.
 *
 * <p>Ids the writer generates are not stored per message: a message without its own id has the id
 * {@code autoIdPrefix + its position in the batch} ({@link #messageId(int)}). That keeps the
 * checkpointed form small and cheap to write, which matters because the committer snapshots it on
 * the task thread. Messages the station schema refused at write time stay in the batch, marked
 * {@link #isRefused refused}, so the committer dead-letters them with their ids.
 */
@Internal
public record MemphisCommittable(List<OutgoingMessage> messages, @Nullable String autoIdPrefix, BitSet refused) {
    public MemphisCommittable {
        messages = List.copyOf(messages);
        refused = (BitSet) refused.clone();
    }

    /** A batch whose messages carry their ids themselves (or have none). */
    public MemphisCommittable(List<OutgoingMessage> messages) {
        this(messages, null, new BitSet());
    }

    public MemphisCommittable(List<OutgoingMessage> messages, @Nullable String autoIdPrefix) {
        this(messages, autoIdPrefix, new BitSet());
    }

    /** Whether message {@code i} failed the station's schema: the committer dead-letters it instead of publishing. */
    public boolean isRefused(int i) {
        return refused.get(i);
    }

    public int size() {
        return messages.size();
    }

    /** The id message {@code i} is published with: its own, else the generated one, else null. */
    @Nullable
    public String messageId(int i) {
        String own = messages.get(i).messageId();
        if (own != null || autoIdPrefix == null) {
            return own;
        }
        return autoIdPrefix + i;
    }

    /** Message {@code i} as it is published: with {@link #messageId(int)} filled in. */
    public OutgoingMessage resolved(int i) {
        OutgoingMessage m = messages.get(i);
        return m.messageId() != null || autoIdPrefix == null ? m
                : new OutgoingMessage(m.station(), m.partition(), autoIdPrefix + i, m.headers(), m.payload());
    }
}
