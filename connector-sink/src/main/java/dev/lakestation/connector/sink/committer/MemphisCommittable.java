package dev.lakestation.connector.sink.committer;

import dev.lakestation.connector.sink.internal.OutgoingMessage;
import java.util.List;

/**
 * Write-ahead batch: the messages one writer received between two checkpoints, each with its
 * partition chosen and its message id fixed. Stored in checkpoints by the committer and published
 * after the checkpoint completes; re-publishing it after a failure sends the same ids, which the
 * broker deduplicates inside the idempotency window.
 */
public record MemphisCommittable(List<OutgoingMessage> messages) {
    public MemphisCommittable {
        messages = List.copyOf(messages);
    }

    public int size() {
        return messages.size();
    }
}
