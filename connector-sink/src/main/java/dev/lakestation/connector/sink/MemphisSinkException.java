package dev.lakestation.connector.sink;

import org.apache.flink.annotation.PublicEvolving;
import java.io.IOException;

/**
 * A message could not be published (or a station could not be used); names the station, the
 * partition and the reason. Thrown from {@code write}, {@code flush} or the committer, which fails
 * the job.
 */
@PublicEvolving
public class MemphisSinkException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String station;
    private final int partition;
    private final boolean retriable;

    public MemphisSinkException(String station, int partition, String reason, Throwable cause, boolean retriable) {
        super(describe(station, partition) + ": " + reason, cause);
        this.station = station;
        this.partition = partition;
        this.retriable = retriable;
    }

    public MemphisSinkException(String station, int partition, String reason, Throwable cause) {
        this(station, partition, reason, cause, false);
    }

    public MemphisSinkException(String station, int partition, String reason) {
        this(station, partition, reason, null);
    }

    private static String describe(String station, int partition) {
        return partition > 0
                ? "station '" + station + "' partition " + partition
                : partition == 0 ? "station '" + station + "' (legacy, no partitions)" : "station '" + station + "'";
    }

    public String station() {
        return station;
    }

    /** A transient failure that outlived its retries (a later attempt may succeed); false for permanent errors. */
    public boolean retriable() {
        return retriable;
    }

    /** Partition number, 0 for a legacy station, -1 when not yet chosen. */
    public int partition() {
        return partition;
    }
}
