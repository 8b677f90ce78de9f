package dev.lakestation.memphis;

import java.util.List;

/** An explicit partition number is not in the station's partitions list. */
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
