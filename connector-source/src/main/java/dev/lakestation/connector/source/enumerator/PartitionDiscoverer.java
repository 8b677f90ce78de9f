package dev.lakestation.connector.source.enumerator;

import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.memphis.ConsumerGroupOptions;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.StationNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the partitions of the configured stations (by name or pattern) from the JetStream stream
 * names every Memphis control plane uses ({@code <internal>$<p>}, legacy {@code <internal>}), and
 * makes sure the consumer group's durable exists on each: pull, explicit ack, the configured ack wait
 * and max deliveries, unlimited max-ack-pending (so waiting for checkpoints can never stall delivery).
 */
final class PartitionDiscoverer {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDiscoverer.class);
    /**
     * Memphis creates group durables with max-ack-pending -1 (unlimited); jnats does not send -1 (the
     * server would apply its default of 1000), so the largest value the server accepts is used.
     */
    static final long UNLIMITED_ACK_PENDING = Integer.MAX_VALUE;
    private static final Pattern PARTITIONED = Pattern.compile("^(.+)\\$(\\d+)$");

    private final MemphisSourceSettings settings;
    private final JetStreamManagement jsm;
    private final Set<String> wantedInternal = new HashSet<>();
    private final Pattern pattern;
    /** On a Memphis broker: registers the group with the broker (so it knows and shows it). */
    private final Memphis broker;
    private final Set<String> registeredStations = new HashSet<>();

    PartitionDiscoverer(MemphisSourceSettings settings, Connection connection, Memphis broker) throws IOException {
        this.settings = settings;
        this.jsm = connection.jetStreamManagement(settings.connection.jetStreamOptions());
        this.broker = broker;
        for (String s : settings.stations) {
            wantedInternal.add(StationNames.internalName(s));
        }
        this.pattern = settings.compiledPattern();
    }

    /** A station partition as found on the broker. */
    static final class Found {
        final String station;
        final int partition;

        Found(String station, int partition) {
            this.station = station;
            this.partition = partition;
        }

        String splitId() {
            return MemphisPartitionSplit.splitId(station, partition);
        }
    }

    /** All partitions of the wanted stations, sorted by station and partition. */
    List<Found> listPartitions() throws IOException, JetStreamApiException {
        List<Found> found = new ArrayList<>();
        Set<String> seenStations = new HashSet<>();
        for (String stream : jsm.getStreamNames()) {
            if (stream.startsWith("$") || stream.startsWith("KV_") || stream.startsWith("OBJ_")) {
                continue;
            }
            Matcher m = PARTITIONED.matcher(stream);
            if (!m.matches() && stream.indexOf('$') >= 0) {
                continue; // e.g. <station>$dls, the client's dead-letter stream
            }
            String internal = m.matches() ? m.group(1) : stream;
            int partition = m.matches() ? Integer.parseInt(m.group(2)) : StationNames.LEGACY;
            String external = StationNames.externalName(internal);
            if (wantedInternal.contains(internal) || (pattern != null && pattern.matcher(external).matches())) {
                found.add(new Found(external, partition));
                seenStations.add(internal);
            }
        }
        for (String wanted : wantedInternal) {
            if (!seenStations.contains(wanted)) {
                LOG.warn("Station '{}' has no partitions on the broker (yet); it will be read once it exists",
                        StationNames.externalName(wanted));
            }
        }
        found.sort(Comparator.<Found, String>comparing(f -> f.station).thenComparingInt(f -> f.partition));
        return found;
    }

    /**
     * Creates (or updates) the group's durable on the partition and returns its split.
     *
     * @param initial whether this partition was found at the first discovery: only then the
     *     configured starting position applies; partitions appearing later start at their beginning
     */
    MemphisPartitionSplit prepare(Found f, boolean initial) throws IOException, JetStreamApiException {
        String stream = StationNames.streamName(f.station, f.partition);
        if (broker != null && registeredStations.add(f.station)) {
            registerWithBroker(f.station, initial);
        }
        StreamInfo info = jsm.getStreamInfo(stream);
        long lastSeq = info.getStreamState().getLastSequence();
        ensureDurable(stream, StationNames.dataSubject(f.station, f.partition), lastSeq, initial);
        StopCondition stop = settings.stopCondition;
        long stopSeq = MemphisPartitionSplit.NO_STOP;
        long stopTs = MemphisPartitionSplit.NO_STOP;
        if (stop.kind() == StopCondition.Kind.LATEST_AT_START) {
            stopSeq = lastSeq;
        } else if (stop.kind() == StopCondition.Kind.SEQUENCE) {
            stopSeq = stop.value();
        } else if (stop.kind() == StopCondition.Kind.TIMESTAMP) {
            stopTs = stop.value();
        }
        return new MemphisPartitionSplit(f.station, f.partition, stopSeq, stopTs);
    }

    /**
     * The broker creates the group's durables itself (max-ack-pending -1, the deliver policy from
     * start sequence / last messages); {@link #ensureDurable} then only adjusts them. Memphis has no
     * start-by-time, so a TIMESTAMP start is applied by creating the durables directly.
     */
    private void registerWithBroker(String station, boolean initial) {
        StartingPosition start = initial ? settings.startingPosition : StartingPosition.earliest();
        if (start.kind() == StartingPosition.Kind.TIMESTAMP) {
            LOG.info("Memphis has no start-by-time: consumer group '{}' on station '{}' is created on the "
                    + "partition streams directly", settings.consumerGroup, station);
            return;
        }
        ConsumerGroupOptions.Builder o = ConsumerGroupOptions.builder()
                .maxAckTime(settings.maxAckTime).maxMsgDeliveries(settings.maxMsgDeliveries);
        if (start.kind() == StartingPosition.Kind.LATEST) {
            o.lastMessages(0);
        } else if (start.kind() == StartingPosition.Kind.SEQUENCE) {
            o.startConsumeFromSequence(start.value());
        } else if (start.kind() == StartingPosition.Kind.LAST_MESSAGES) {
            o.lastMessages(start.value());
        }
        broker.createConsumerGroup(station, settings.consumerGroup, o.build());
    }

    private void ensureDurable(String stream, String subject, long lastSeq, boolean initial)
            throws IOException, JetStreamApiException {
        String durable = settings.durableName();
        ConsumerInfo existing = null;
        try {
            existing = jsm.getConsumerInfo(stream, durable);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
        }
        if (existing != null) {
            ConsumerConfiguration c = existing.getConsumerConfiguration();
            boolean ackPendingCapped = c.getMaxAckPending() > 0 && c.getMaxAckPending() < UNLIMITED_ACK_PENDING;
            if (!settings.maxAckTime.equals(c.getAckWait()) || c.getMaxDeliver() != settings.maxMsgDeliveries
                    || ackPendingCapped) {
                // Memphis updates ack time and deliveries when a group re-registers; do the same, and lift
                // a max-ack-pending cap: messages wait for a checkpoint before they are acked, so a cap
                // (server default 1000) would stall delivery until the next checkpoint.
                jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder(c)
                        .ackWait(settings.maxAckTime).maxDeliver(settings.maxMsgDeliveries)
                        .maxAckPending(UNLIMITED_ACK_PENDING).build());
                if (ackPendingCapped) {
                    LOG.info("Lifted max-ack-pending {} of consumer group '{}' on {}", c.getMaxAckPending(),
                            settings.consumerGroup, stream);
                }
            }
            if (initial && settings.startingPosition.kind() != StartingPosition.Kind.GROUP) {
                LOG.info("Consumer group '{}' already exists on {}: it continues from its own position, "
                        + "starting position {} is not applied", settings.consumerGroup, stream,
                        settings.startingPosition);
            }
            return;
        }
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(subject)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(settings.maxAckTime)
                .maxDeliver(settings.maxMsgDeliveries)
                .maxAckPending(UNLIMITED_ACK_PENDING)
                .replayPolicy(ReplayPolicy.Instant);
        StartingPosition start = initial ? settings.startingPosition : StartingPosition.earliest();
        switch (start.kind()) {
            case LATEST:
                b.deliverPolicy(DeliverPolicy.New);
                break;
            case SEQUENCE:
                b.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(start.value());
                break;
            case LAST_MESSAGES:
                b.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(Math.max(1, lastSeq - start.value() + 1));
                break;
            case TIMESTAMP:
                b.deliverPolicy(DeliverPolicy.ByStartTime)
                        .startTime(ZonedDateTime.ofInstant(Instant.ofEpochMilli(start.value()), ZoneOffset.UTC));
                break;
            default:
                b.deliverPolicy(DeliverPolicy.All);
        }
        try {
            jsm.addOrUpdateConsumer(stream, b.build());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 400 || jsm.getConsumerInfo(stream, durable) == null) {
                throw e;
            }
            return; // another source instance created it first
        }
        LOG.info("Created consumer group '{}' on {} starting at {}", settings.consumerGroup, stream, start);
    }
}
