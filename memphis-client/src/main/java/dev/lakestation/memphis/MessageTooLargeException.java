package dev.lakestation.memphis;

/** A message is larger than the server's {@code max_payload}. */
public class MessageTooLargeException extends MemphisException {
    private final long size;
    private final long maxPayload;

    public MessageTooLargeException(String station, int partition, long size, long maxPayload) {
        super("message of " + size + " bytes for station '" + station + "' partition " + partition
                + " exceeds the server's max_payload of " + maxPayload + " bytes");
        this.size = size;
        this.maxPayload = maxPayload;
    }

    public long size() {
        return size;
    }

    public long maxPayload() {
        return maxPayload;
    }
}
