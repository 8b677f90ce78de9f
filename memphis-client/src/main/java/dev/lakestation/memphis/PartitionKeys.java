package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Maps a partition key to a partition exactly as the Go and Python Memphis SDKs do: murmur3 x86
 * 32-bit over the key's UTF-8 bytes with seed 31, read unsigned, modulo the length of the station's
 * partitions list, used as an <em>index</em> into that list (not as the partition number, which is the
 * JavaScript SDK's bug).
 *
 * <pre>{@code
 * int p = PartitionKeys.partitionFor("order-1", List.of(1, 2, 3, 4, 5)); // 5
 * }</pre>
 */
@PublicEvolving
public final class PartitionKeys {
    static final int SEED = 31;

    private PartitionKeys() {}

    /** Unsigned murmur3_32(key, 31) as the SDKs compute it. */
    public static long hash(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash32x86(bytes, 0, bytes.length, SEED) & 0xFFFFFFFFL;
    }

    /** Index into a partitions list of {@code size} entries. */
    public static int index(String key, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a station needs at least one partition to route a key");
        }
        return (int) (hash(key) % size);
    }

    /** The partition number a key maps to, given the station's partitions list. */
    public static int partitionFor(String key, List<Integer> partitions) {
        return partitions.get(index(key, partitions.size()));
    }
}
