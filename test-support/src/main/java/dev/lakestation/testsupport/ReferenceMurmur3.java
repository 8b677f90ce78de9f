package dev.lakestation.testsupport;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3_x86_32 written from the algorithm's description, for tests that check partition routing
 * independently of the production class ({@code dev.lakestation.memphis.PartitionKeys}): the expected
 * partition of a key comes from here, the actual one from the broker.
 *
 * <pre>{@code
 * int expected = ReferenceMurmur3.partition("order-🚀", 5); // Go/Python SDK placement on partitions [1..5]
 * }</pre>
 */
public final class ReferenceMurmur3 {
    /** The seed the Memphis Go and Python SDKs hash partition keys with. */
    public static final int MEMPHIS_SEED = 31;

    private ReferenceMurmur3() {}

    /** murmur3 x86 32-bit of {@code data}, read as unsigned. */
    public static long hash32(byte[] data, int seed) {
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
                    | (data[4 * i + 3] & 0xff) << 24;
            h ^= mix(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[tail] & 0xff;
                h ^= mix(k);
                break;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & 0xFFFFFFFFL;
    }

    /** The partition of {@code key} on a station with partitions [1..{@code partitions}] (Go/Python placement). */
    public static int partition(String key, int partitions) {
        return (int) (hash32(key.getBytes(StandardCharsets.UTF_8), MEMPHIS_SEED) % partitions) + 1;
    }

    private static int mix(int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        return k * 0x1b873593;
    }
}
