package dev.lakestation.connector.source.enumerator;

import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.memphis.ConsumerGroupOptions;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.internal.DurableStart;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the partitions of the configured stations (by name or pattern) from the JetStream stream
 * names every Memphis control plane uses ({@code <internal>$<p>}, legacy {@code <internal>}), and
 * makes sure the consumer group's durable exists on each through memphis-client's {@link JetStreamAdmin}:
 * pull, explicit ack, the configured ack wait and max deliveries, unlimited max-ack-pending (so waiting for
 * checkpoints can never stall delivery). Stream names are parsed by {@link StationNames#parse}.
 */
@Internal
final class PartitionDiscoverer {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDiscoverer.class);
    private final MemphisSourceSettings settings;
    private final JetStreamAdmin admin;
    private final Set<String> wantedInternal = new HashSet<>();
    private final Pattern pattern;
    /** On a Memphis broker: registers the group with the broker (so it knows and shows it). */
    private final Memphis broker;
    private final Set<String> registeredStations = new HashSet<>();

    PartitionDiscoverer(MemphisSourceSettings settings, Connection connection, Memphis broker) throws IOException {
        this.settings = settings;
        this.admin = new JetStreamAdmin(connection, settings.connection.jetStreamOptions());
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
        for (String stream : admin.jsm().getStreamNames()) {
            StationNames.StreamPartition sp = StationNames.parse(stream);
            if (sp == null) {
                continue; // not a station's data stream, e.g. <station>$dls, the client's dead-letter stream
            }
            String internal = StationNames.internalName(sp.station());
            if (wantedInternal.contains(internal) || (pattern != null && pattern.matcher(sp.station()).matches())) {
                found.add(new Found(sp.station(), sp.partition()));
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
        StreamInfo info = admin.jsm().getStreamInfo(stream);
        long lastSeq = info.getStreamState().getLastSequence();
        ensureDurable(stream, initial);
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

    private void ensureDurable(String stream, boolean initial) throws IOException, JetStreamApiException {
        StartingPosition start = initial ? settings.startingPosition : StartingPosition.earliest();
        boolean created = admin.ensureDurable(stream, settings.consumerGroup, durableStart(start), settings.maxAckTime,
                settings.maxMsgDeliveries);
        if (created) {
            LOG.info("Created consumer group '{}' on {} starting at {}", settings.consumerGroup, stream, start);
        } else if (initial && settings.startingPosition.kind() != StartingPosition.Kind.GROUP) {
            LOG.info("Consumer group '{}' already exists on {}: it continues from its own position, "
                    + "starting position {} is not applied", settings.consumerGroup, stream,
                    settings.startingPosition);
        }
    }

    private static DurableStart durableStart(StartingPosition start) {
        switch (start.kind()) {
            case LATEST:
                return DurableStart.newOnly();
            case SEQUENCE:
                return DurableStart.sequence(start.value());
            case LAST_MESSAGES:
                return DurableStart.lastMessages(start.value());
            case TIMESTAMP:
                return DurableStart.time(start.value());
            default:
                return DurableStart.all();
        }
    }
}
