package dev.lakestation.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitOwnersTest {
    @Test
    void partitionsOfAStationSpreadEvenlyAndDeterministically() {
        Map<Integer, Integer> load = new HashMap<>();
        for (int p = 1; p <= 8; p++) {
            int owner = SplitOwners.ownerOf("orders", p, 4);
            assertThat(owner).isBetween(0, 3).isEqualTo(SplitOwners.ownerOf("orders", p, 4));
            load.merge(owner, 1, Integer::sum);
        }
        assertThat(load.values()).containsOnly(2);
        assertThat(SplitOwners.ownerOf("x", 0, 1)).isZero();
    }
}
