package dev.lakestation.memphis;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import java.io.IOException;

/**
 * The consumer group's durable on one partition stream, with the broker's mapping (memphis-protocol
 * §6: pull, explicit ack, unlimited max-ack-pending, the group's ack wait and max deliveries). The one
 * home of durable creation for code that holds a plain jnats connection (the Flink source recreates a
 * durable the broker lost, at the position its checkpoint says).
 *
 * <pre>{@code
 * ConsumerGroupDurables.ensure(nc, JetStreamOptions.DEFAULT_JS_OPTIONS, "orders", 1, "billing",
 *         ConsumerGroupOptions.builder().maxAckTime(Duration.ofSeconds(60)).startConsumeFromSequence(1201).build());
 * }</pre>
 */
public final class ConsumerGroupDurables {
    private ConsumerGroupDurables() {}

    /**
     * Creates the durable of {@code group} on partition {@code partition} of {@code station} when it
     * does not exist (starting as {@code options} say), else updates its ack wait and max deliveries.
     */
    public static void ensure(Connection nc, JetStreamOptions jsOptions, String station, int partition, String group,
            ConsumerGroupOptions options) throws IOException, JetStreamApiException {
        new JetStreamAdmin(nc, jsOptions).ensureDurable(StationNames.streamName(station, partition), group, options);
    }

    /** Whether a JetStream error says the stream or the consumer does not exist. */
    public static boolean isNotFound(JetStreamApiException e) {
        return e.getApiErrorCode() == JetStreamAdmin.JS_CONSUMER_NOT_FOUND
                || e.getApiErrorCode() == JetStreamAdmin.JS_STREAM_NOT_FOUND || e.getErrorCode() == 404;
    }
}
