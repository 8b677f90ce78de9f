package dev.lakestation.memphis.internal;

import dev.lakestation.memphis.DeadLetterHeaders;
import dev.lakestation.memphis.MemphisException;
import dev.lakestation.memphis.MemphisHeaders;
import dev.lakestation.memphis.StorageType;
import dev.lakestation.memphis.annotation.Internal;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes dead letters the way the client does on the JetStream control plane — the one home of their
 * shape, shared by the client and the Flink source: the original payload and headers (without its message
 * id) plus {@link DeadLetterHeaders} ({@code station}, {@code type}, {@code reason}, {@code partition},
 * {@code seq}, {@code cg_name}) and {@code $memphis_producedBy=$memphis_dls}, with a message id derived from
 * stream and sequence (or the original id), so a dead letter written twice is stored once. Target: the
 * station's {@code dls_station} (a partition picked by that id: JetStream deduplicates per partition
 * stream), else the station's own {@code <internal>$dls} stream on subject {@code <internal>$dls.<type>},
 * created (7 days, the station's storage) when missing. Publishes are confirmed (PubAck).
 *
 * <pre>{@code
 * DeadLetterWriter dlw = new DeadLetterWriter(nc, jsOptions);
 * dlw.write("orders", dlw.resolve("orders", null), DeadLetterHeaders.TYPE_NACKED, 2, "billing", 17,
 *         "deserialization failed", message.getHeaders(), message.getData());
 * }</pre>
 */
@Internal
public final class DeadLetterWriter {
    private final JetStream js;
    private final JetStreamAdmin admin;
    private final AtomicInteger roundRobin = new AtomicInteger();

    public DeadLetterWriter(Connection nc, JetStreamOptions options) throws IOException {
        this.js = nc.jetStream(options);
        this.admin = new JetStreamAdmin(nc, options);
    }

    /**
     * Where a station's dead letters go: its dead-letter station's partitions ({@code dlsStation} non-null;
     * an empty list is a legacy station), or the station's own stream with {@code storage}.
     */
    public record Target(String dlsStation, List<Integer> dlsPartitions, StorageType storage) {
        public static Target deadLetterStation(String dlsStation, List<Integer> partitions) {
            return new Target(dlsStation, List.copyOf(partitions), null);
        }

        public static Target ownStream(StorageType storage) {
            return new Target(null, List.of(), storage);
        }
    }

    /**
     * The target read from JetStream alone (for code without the client's station records): the partitions
     * of {@code dlsStation} when given, else the station's own stream with the storage type of its partition.
     *
     * @throws MemphisException when {@code dlsStation} has no stream
     */
    public Target resolve(String station, int partition, String dlsStation) throws IOException, JetStreamApiException {
        if (dlsStation != null && !dlsStation.isEmpty()) {
            List<Integer> partitions = admin.partitionStreams(dlsStation);
            if (partitions.isEmpty()
                    && admin.streamInfo(StationNames.streamName(dlsStation, StationNames.LEGACY)) == null) {
                throw new MemphisException("dead-letter station '" + dlsStation + "' does not exist");
            }
            return Target.deadLetterStation(dlsStation, partitions);
        }
        StreamInfo si = admin.streamInfo(StationNames.streamName(station, partition));
        boolean memory = si != null && si.getConfiguration().getStorageType() == io.nats.client.api.StorageType.Memory;
        return Target.ownStream(memory ? StorageType.MEMORY : StorageType.DISK);
    }

    /**
     * Writes one dead letter of {@code station} and waits for its PubAck.
     *
     * @param group the consumer group that gave up on it, or null (schema failures)
     * @param sequence the original's stream sequence, or 0 when it was never stored (schema failures)
     * @throws MemphisException naming station, partition, sequence and target when it cannot be stored
     */
    public void write(String station, Target target, String type, int partition, String group, long sequence,
            String reason, Headers original, byte[] data) {
        Headers h = new Headers();
        String originalId = null;
        if (original != null) {
            for (String k : original.keySet()) {
                if (!k.equals(MemphisHeaders.NATS_MSG_ID) && !k.equals(MemphisHeaders.MSG_ID)) {
                    h.put(k, original.get(k));
                } else if (originalId == null) {
                    originalId = original.getFirst(k);
                }
            }
        }
        h.put(MemphisHeaders.PRODUCED_BY, DeadLetterHeaders.PRODUCER);
        h.put(DeadLetterHeaders.STATION, station);
        h.put(DeadLetterHeaders.TYPE, type);
        h.put(DeadLetterHeaders.REASON, reason == null ? "" : reason);
        h.put(DeadLetterHeaders.PARTITION, Integer.toString(partition));
        // the same dead letter written twice (retries, racing clients, a producer re-sending a message
        // with the same id) is stored once: it gets an id from the stored message or the produced one
        String id = null;
        if (sequence > 0) {
            h.put(DeadLetterHeaders.SEQUENCE, Long.toString(sequence));
            id = StationNames.streamName(station, partition) + ":" + sequence + ":"
                    + (group == null ? "" : group) + ":" + type;
        } else if (originalId != null) {
            id = StationNames.streamName(station, partition) + ":id:" + originalId + ":" + type;
        }
        if (id != null) {
            h.put(MemphisHeaders.NATS_MSG_ID, id);
            h.put(MemphisHeaders.MSG_ID, id);
        }
        if (group != null) {
            h.put(DeadLetterHeaders.CONSUMER_GROUP, group);
        }
        String subject;
        if (target.dlsStation() != null) {
            List<Integer> ps = target.dlsPartitions();
            // with an id, always the same partition: JetStream deduplicates per partition stream
            int pick = id != null ? id.hashCode() : roundRobin.getAndIncrement();
            subject = ps.isEmpty() ? StationNames.dataSubject(target.dlsStation(), StationNames.LEGACY)
                    : StationNames.dataSubject(target.dlsStation(), ps.get(Math.floorMod(pick, ps.size())));
        } else {
            subject = StationNames.dlsSubject(station, type);
        }
        byte[] payload = data == null ? new byte[0] : data;
        try {
            js.publish(subject, h, payload);
        } catch (JetStreamApiException | IOException e) {
            if (target.dlsStation() == null) {
                // stations created by streams alone have no DLS stream yet
                try {
                    admin.addStreamIfMissing(JetStreamAdmin.dlsStreamConfig(station, target.storage()));
                    js.publish(subject, h, payload);
                    return;
                } catch (JetStreamApiException | IOException retry) {
                    e.addSuppressed(retry);
                }
            }
            throw failure(station, partition, sequence, subject, e);
        } catch (RuntimeException e) {
            // jnats refuses locally, e.g. when the original payload plus the dead-letter headers exceed max_payload
            throw failure(station, partition, sequence, subject, e);
        }
    }

    private static MemphisException failure(String station, int partition, long sequence, String subject, Exception e) {
        return new MemphisException("cannot dead-letter message of station '" + station + "' partition "
                + partition + " sequence " + sequence + " to " + subject + ": " + e.getMessage(), e);
    }
}
