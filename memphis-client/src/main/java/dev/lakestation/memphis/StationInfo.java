package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.internal.StationNames;
import java.io.Serializable;
import java.util.List;

/**
 * What is known about a station: its partitions list (empty for a legacy station, whose data lives
 * on the stream {@code <internal>}), retention, storage, idempotency window, dead-letter settings and
 * attached schema. On the broker control plane the DLS settings and schema name are what the broker
 * reported at producer registration, or defaults when nothing was reported.
 *
 * <pre>{@code
 * StationInfo info = memphis.station("orders");
 * for (int p : info.partitions()) { String stream = StationNames.streamName(info.name(), p); }
 * }</pre>
 */
@PublicEvolving
public final class StationInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StationOptions options;
    private final List<Integer> partitions;

    public StationInfo(StationOptions options, List<Integer> partitions) {
        this.options = options;
        this.partitions = List.copyOf(partitions);
    }

    public String name() {
        return options.name();
    }

    /** Partition numbers (1..N for a station created by an SDK); empty for a legacy station. */
    public List<Integer> partitions() {
        return partitions;
    }

    public boolean isLegacy() {
        return partitions.isEmpty();
    }

    /** JetStream streams that hold this station's data. */
    public List<String> streamNames() {
        if (partitions.isEmpty()) {
            return List.of(StationNames.streamName(name(), StationNames.LEGACY));
        }
        return partitions.stream().map(p -> StationNames.streamName(name(), p)).toList();
    }

    public RetentionType retentionType() {
        return options.retentionType();
    }

    public long retentionValue() {
        return options.retentionValue();
    }

    public StorageType storageType() {
        return options.storageType();
    }

    public int replicas() {
        return options.replicas();
    }

    public java.time.Duration idempotencyWindow() {
        return options.idempotencyWindow();
    }

    /** Attached schema name, "" when none. */
    public String schemaName() {
        return options.schemaName();
    }

    public boolean dlsPoison() {
        return options.dlsPoison();
    }

    public boolean dlsSchemaverse() {
        return options.dlsSchemaverse();
    }

    /** Configured dead-letter station, "" for the station's own dead-letter stream. */
    public String dlsStation() {
        return options.dlsStation();
    }

    public boolean tieredStorage() {
        return options.tieredStorage();
    }

    /** The options this station was created with (normalised). */
    public StationOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "StationInfo{" + options + ", partitionsList=" + partitions + "}";
    }
}
