package dev.lakestation.memphis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.testsupport.ReferenceMurmur3;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** The empty key, and keys whose UTF-8 bytes are negative as Java bytes and whose lengths leave every tail size (0..3). */
    @ParameterizedTest
    @ValueSource(strings = {"", "é", "ü1", "日", "日本", "日本語", "ключ", "🚀", "order-🚀", "a🚀b", "Ωmega-42", "\u0000",
        "клиент-日本-🚀-é"})
    void nonAsciiKeysHashTheirUtf8BytesLikeTheReferenceAlgorithm(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        long expected = ReferenceMurmur3.hash32(utf8, 31);
        assertThat(PartitionKeys.hash(key)).as("murmur3_32(%s)", key).isEqualTo(expected);
        for (int n = 1; n <= 7; n++) {
            assertThat(PartitionKeys.partitionFor(key, list(n))).isEqualTo((int) (expected % n) + 1);
        }
    }

    /** The test's own murmur3 against MurmurHash3_x86_32's published vectors, so the check above means something. */
    @Test
    void theReferenceImplementationMatchesPublishedVectors() {
        assertThat(ReferenceMurmur3.hash32(new byte[0], 0)).isZero();
        assertThat(ReferenceMurmur3.hash32(new byte[0], 1)).isEqualTo(0x514E28B7L);
        assertThat(ReferenceMurmur3.hash32(new byte[0], 0xffffffff)).isEqualTo(0x81F16F39L);
        assertThat(ReferenceMurmur3.hash32(new byte[] {0, 0, 0, 0}, 0)).isEqualTo(0x2362F9DEL);
        assertThat(ReferenceMurmur3.hash32(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0))
                .isEqualTo(0x76293B50L);
        assertThat(ReferenceMurmur3.hash32(new byte[] {0x21, 0x43, 0x65}, 0)).isEqualTo(0x7E4A8634L);
        assertThat(ReferenceMurmur3.hash32("Hello, world!".getBytes(StandardCharsets.UTF_8), 1234))
                .isEqualTo(0xFAF6CDB3L);
        assertThat(ReferenceMurmur3.hash32("The quick brown fox jumps over the lazy dog"
                .getBytes(StandardCharsets.UTF_8), 0x9747b28c)).isEqualTo(0x2FA826CDL);
        assertThat(ReferenceMurmur3.hash32("k0".getBytes(StandardCharsets.UTF_8), 31)).isEqualTo(1002628164L);
    }

    private static List<Integer> list(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }
}
