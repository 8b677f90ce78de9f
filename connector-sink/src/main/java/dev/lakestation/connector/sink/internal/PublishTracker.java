package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import io.nats.client.api.PublishAck;

/** Outcome of one publish, called on a client thread (keep it short and thread-safe). */
@Internal
public interface PublishTracker {
    void acked(OutgoingMessage message, PublishAck ack, long latencyNanos);

    /** Failed for good: permanent error, or transient one that outlived the retries. */
    void failed(OutgoingMessage message, MemphisSinkException error);
}
