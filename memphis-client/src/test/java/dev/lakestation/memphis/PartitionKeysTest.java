package dev.lakestation.memphis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from shared/reference/partition-key-vectors.md, computed independently of any Java library. */
class PartitionKeysTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "k0|1002628164|1|1|1|5", "k1|2185825928|1|3|1|4", "k2|3412578521|2|3|2|2", "k3|39056394|1|1|3|5",
        "k4|2714237405|2|3|2|1", "k5|482372378|1|3|3|4", "k6|41586656|1|3|1|2", "k7|2989407060|1|1|1|1",
        "k8|1053735896|1|3|1|2", "k9|280510761|2|1|2|2", "order-1|1577305344|1|1|1|5",
        "customer-42|676913844|1|1|1|5", "''|1257683291|2|3|4|2", "a|3387765255|2|1|4|1"})
    void matchesGoAndPythonSdks(String key, long hash, int p2, int p3, int p4, int p5) {
        assertThat(PartitionKeys.hash(key)).isEqualTo(hash);
        assertThat(PartitionKeys.partitionFor(key, list(2))).isEqualTo(p2);
        assertThat(PartitionKeys.partitionFor(key, list(3))).isEqualTo(p3);
        assertThat(PartitionKeys.partitionFor(key, list(4))).isEqualTo(p4);
        assertThat(PartitionKeys.partitionFor(key, list(5))).isEqualTo(p5);
    }

    private static List<Integer> list(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }
}
