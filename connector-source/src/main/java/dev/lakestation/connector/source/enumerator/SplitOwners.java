package dev.lakestation.connector.source.enumerator;

import org.apache.flink.annotation.Internal;

/**
 * Deterministic owner of a partition: the station's hash picks a start reader, partitions go round
 * robin from there, so the partitions of one station spread evenly and stations do not all start at
 * reader 0.
 */
@Internal
public final class SplitOwners {
    private SplitOwners() {}

    public static int ownerOf(String station, int partition, int parallelism) {
        int start = (station.hashCode() * 31) & 0x7FFFFFFF;
        return (int) (((long) start + partition) % parallelism);
    }
}
