package dev.lakestation.connector.sink.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.memphis.PartitionKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * The records the failover tests write ({@code rec-0 … rec-<n-1>}, keyed {@code customer-<i % 17>})
 * and what they assert about the station afterwards.
 */
public final class FailoverRecords {
    private final int records;
    private final List<Integer> partitions;

    public FailoverRecords(int records, int partitions) {
        this.records = records;
        this.partitions = IntStream.rangeClosed(1, partitions).boxed().toList();
    }

    public static String payload(long i) {
        return "rec-" + i;
    }

    public static String keyOf(String payload) {
        return "customer-" + (Long.parseLong(payload.substring(4)) % 17);
    }

    public Set<String> expectedPayloads() {
        return LongStream.range(0, records).mapToObj(FailoverRecords::payload).collect(Collectors.toSet());
    }

    /** Every record exactly once: no duplicates, the exact set, the exact count, each on its key's partition. */
    public void assertExactlyOnce(List<Stored> stored) {
        Map<String, Long> counts = stored.stream()
                .collect(Collectors.groupingBy(Stored::payload, Collectors.counting()));
        Set<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(duplicated).as("records stored more than once").isEmpty();
        assertThat(counts.keySet()).isEqualTo(expectedPayloads());
        assertThat(stored).hasSize(records);
        assertPartitionsFollowKeys(stored);
    }

    /** Every record at least once, each on its key's partition. */
    public void assertAtLeastOnce(List<Stored> stored) {
        assertThat(stored.stream().map(Stored::payload).collect(Collectors.toSet())).isEqualTo(expectedPayloads());
        assertThat(stored.size()).isGreaterThanOrEqualTo(records);
        assertPartitionsFollowKeys(stored);
    }

    /** Each record on the partition the Memphis SDK hash gives its key, written by the sink's producer. */
    public void assertPartitionsFollowKeys(List<Stored> stored) {
        assertThat(stored).allSatisfy(s -> assertThat(s.partition()).as(s.payload())
                .isEqualTo(PartitionKeys.partitionFor(keyOf(s.payload()), partitions)));
        assertThat(stored).allSatisfy(s -> assertThat(s.producedBy()).isEqualTo("flink-sink"));
    }
}
