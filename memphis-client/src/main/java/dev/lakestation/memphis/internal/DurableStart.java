package dev.lakestation.memphis.internal;

import dev.lakestation.memphis.ConsumerGroupOptions;
import dev.lakestation.memphis.annotation.Internal;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Where a newly created durable starts on its partition stream: the broker's choices (all, new only,
 * from a sequence, the last n messages) plus a start time, which the broker does not offer and the Flink
 * source applies by creating the durable itself.
 *
 * <pre>{@code
 * admin.ensureDurable(stream, "billing", DurableStart.lastMessages(100), Duration.ofSeconds(60), 10);
 * }</pre>
 */
@Internal
public record DurableStart(Kind kind, long value) {
    /** The deliver policies a durable can be created with. */
    public enum Kind { ALL, NEW, SEQUENCE, LAST_MESSAGES, TIME }

    public static DurableStart all() {
        return new DurableStart(Kind.ALL, 0);
    }

    public static DurableStart newOnly() {
        return new DurableStart(Kind.NEW, 0);
    }

    public static DurableStart sequence(long firstSequence) {
        return new DurableStart(Kind.SEQUENCE, firstSequence);
    }

    public static DurableStart lastMessages(long count) {
        return new DurableStart(Kind.LAST_MESSAGES, count);
    }

    public static DurableStart time(long epochMillis) {
        return new DurableStart(Kind.TIME, epochMillis);
    }

    /**
     * The broker's reading of a group's options (§6): no last messages and start sequence 1 → new only; last
     * messages n &gt; 0 → the last n; a start sequence &gt; 1 → from it; else all.
     */
    public static DurableStart of(ConsumerGroupOptions o) {
        if (o.lastMessages() == 0 && o.startConsumeFromSequence() == 1) {
            return newOnly();
        }
        if (o.lastMessages() > 0) {
            return lastMessages(o.lastMessages());
        }
        if (o.startConsumeFromSequence() > 1) {
            return sequence(o.startConsumeFromSequence());
        }
        return all();
    }

    /** The stream's last sequence, read only for {@link Kind#LAST_MESSAGES}. */
    interface LastSequence {
        long get() throws IOException, JetStreamApiException;
    }

    void apply(ConsumerConfiguration.Builder b, LastSequence last) throws IOException, JetStreamApiException {
        switch (kind) {
            case NEW -> b.deliverPolicy(DeliverPolicy.New);
            case SEQUENCE -> b.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(value);
            case LAST_MESSAGES -> b.deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(Math.max(1, last.get() - value + 1));
            case TIME -> b.deliverPolicy(DeliverPolicy.ByStartTime)
                    .startTime(ZonedDateTime.ofInstant(Instant.ofEpochMilli(value), ZoneOffset.UTC));
            default -> b.deliverPolicy(DeliverPolicy.All);
        }
    }
}
