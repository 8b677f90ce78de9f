package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** {@link BatchKeys} against a {@code HashSet} of the same keys, looked up in sorted, reverse and random order. */
class BatchKeysTest {
    @Test
    void integralKeysAnswerAsAHashSetInAnyLookupOrder() {
        Schema schema = SchemaBuilder.record("r").fields().optionalLong("id").endRecord();
        Random random = new Random(7);
        BatchKeys keys = BatchKeys.of(schema, List.of("id"));
        Set<Long> oracle = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            long k = random.nextInt(20_000) - 10_000;      // duplicates and negative keys
            keys.addLong(k);
            oracle.add(k);
        }
        keys.addLong(Long.MIN_VALUE);
        keys.addLong(Long.MAX_VALUE);
        oracle.add(Long.MIN_VALUE);
        oracle.add(Long.MAX_VALUE);
        assertThat(keys.integral()).isTrue();
        assertThat(keys.size()).isEqualTo(oracle.size());
        assertThat(keys.containsNull()).isFalse();
        List<Long> probes = new ArrayList<>();
        for (long k = -10_005; k <= 10_005; k++) {
            probes.add(k);
        }
        probes.add(Long.MIN_VALUE);
        probes.add(Long.MAX_VALUE);
        List<List<Long>> orders = new ArrayList<>();
        orders.add(new ArrayList<>(probes));
        List<Long> reverse = new ArrayList<>(probes);
        java.util.Collections.reverse(reverse);
        orders.add(reverse);
        List<Long> shuffled = new ArrayList<>(probes);
        java.util.Collections.shuffle(shuffled, random);
        orders.add(shuffled);
        for (List<Long> order : orders) {
            List<Long> wrong = new ArrayList<>();
            for (long k : order) {
                if (keys.containsLong(k) != oracle.contains(k)) {
                    wrong.add(k);
                }
            }
            assertThat(wrong).isEmpty();
        }
        GenericRecord nul = new GenericData.Record(schema);
        assertThat(keys.contains(nul)).isFalse();
        keys.add(nul);
        assertThat(keys.contains(nul)).isTrue();
        keys.addLong(123_456);                            // added after lookups: found
        assertThat(keys.containsLong(123_456)).isTrue();
        assertThat(keys.containsLong(123_455)).isFalse();
    }
}
