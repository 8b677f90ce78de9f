package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.util.List;

/**
 * An explicit partition number is not in the station's partitions list; nothing was sent.
 *
 * <pre>{@code
 * try { producer.produce(bytes, ProduceOptions.partition(7)); }
 * catch (PartitionNotFoundException e) { System.err.println(e.getMessage()); } // station 'orders' has no partition 7 (partitions: [1, 2, 3])
 * }</pre>
 */
@PublicEvolving
public class PartitionNotFoundException extends MemphisException {
    private final String station;
    private final int partition;

    public PartitionNotFoundException(String station, int partition, List<Integer> partitions) {
        super("station '" + station + "' has no partition " + partition + " (partitions: " + partitions + ")");
        this.station = station;
        this.partition = partition;
    }

    public String station() {
        return station;
    }

    public int partition() {
        return partition;
    }
}
