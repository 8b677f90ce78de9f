package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.memphis.PartitionKeys;
import dev.lakestation.memphis.internal.StationNames;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Chooses the partition of each record as the Memphis SDKs do: a key is hashed (murmur3, seed 31)
 * to an index into the station's partitions list; an explicit number must be in that list;
 * otherwise round robin over the list (one cursor per station, starting at the subtask index so
 * parallel writers spread out). A legacy station has no partitions: everything goes to partition 0.
 */
@Internal
public final class PartitionRouter {
    private final StationDirectory stations;
    private final int startOffset;
    private final Map<String, int[]> cursors = new HashMap<>();

    public PartitionRouter(StationDirectory stations, int startOffset) {
        this.stations = stations;
        this.startOffset = startOffset;
    }

    public int partition(String station, @Nullable String key, int explicitPartition) throws IOException {
        SinkStation info = stations.get(station);
        if (explicitPartition != MemphisSinkRecord.NO_PARTITION) {
            if (!info.partitions().contains(explicitPartition)) {
                info = stations.refresh(station); // the cached list may predate a new partition
                if (!info.partitions().contains(explicitPartition)) {
                    throw new MemphisSinkException(station, explicitPartition,
                            info.legacy()
                                    ? "the station has no partitions (legacy station), so a partition number cannot be used"
                                    : "no such partition; the station has partitions " + info.partitions());
                }
            }
            return explicitPartition;
        }
        List<Integer> partitions = info.partitions();
        if (partitions.isEmpty()) {
            return StationNames.LEGACY;
        }
        if (key != null) {
            return PartitionKeys.partitionFor(key, partitions);
        }
        if (partitions.size() == 1) {
            return partitions.get(0);
        }
        int[] cursor = cursors.computeIfAbsent(station, s -> new int[] {startOffset});
        int p = partitions.get(Math.floorMod(cursor[0], partitions.size()));
        cursor[0]++;
        return p;
    }
}
