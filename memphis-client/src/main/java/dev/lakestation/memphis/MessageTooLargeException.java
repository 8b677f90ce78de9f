package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * A message (payload plus headers) is larger than the server's {@code max_payload}; nothing was sent.
 *
 * <pre>{@code
 * try {
 *     producer.produce(bytes);
 * } catch (MessageTooLargeException e) {
 *     log.error("{} > {} bytes: split the record", e.size(), e.maxPayload());
 * }
 * }</pre>
 */
@PublicEvolving
public class MessageTooLargeException extends MemphisException {
    private final long size;
    private final long maxPayload;

    public MessageTooLargeException(String station, int partition, long size, long maxPayload) {
        super("message of " + size + " bytes (payload and headers) for station '" + station + "' partition " + partition
                + " exceeds the server's max_payload of " + maxPayload + " bytes");
        this.size = size;
        this.maxPayload = maxPayload;
    }

    /** Payload plus serialized headers, in bytes. */
    public long size() {
        return size;
    }

    public long maxPayload() {
        return maxPayload;
    }
}
