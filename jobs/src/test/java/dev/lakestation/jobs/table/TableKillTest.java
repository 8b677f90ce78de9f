package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.jobs.area.TableLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer JVM killed with SIGKILL mid-write: the previous version reads back whole, the next commit cleans up. */
class TableKillTest {
    @TempDir
    Path datasets;

    @Test
    void aWriterKilledMidWriteLeavesThePreviousVersionAndTheNextRunSucceeds() throws Exception {
        TableStore store = TableStore.of(datasets);
        try (TableTransaction tx = store.begin("sales", "orders", "run1", Duration.ZERO)) {
            TableTestData.write(tx.stagingDir(), "part-a.parquet", 1, 100);
            tx.commit(WriteMode.APPEND);
        }
        Path table = store.tablePath("sales", "orders");
        Path staging;
        try (ChildProcess child = ChildProcess.start("write", datasets, "killed")) {
            staging = store.versionsDir("sales", "orders").resolve(".staging-killed");
            assertThat(Files.list(staging).count()).isGreaterThanOrEqualTo(3);
            // while it writes: readers see version 1, a second writer is told who holds the table
            assertThat(TableTestData.rowsByBatch(table)).isEqualTo(Map.of(1, 100));
            assertThatThrownBy(() -> store.begin("sales", "orders", "run2", Duration.ofMillis(200)))
                    .isInstanceOf(TableLock.TableLockedException.class)
                    .hasMessageContaining("table sales.orders is being loaded by run killed (pid " + child.pid() + ")");
            child.kill();
        }
        assertThat(TableTestData.rowsByBatch(table)).isEqualTo(Map.of(1, 100));
        assertThat(Files.exists(staging)).isTrue(); // what the killed run left

        try (TableTransaction tx = store.begin("sales", "orders", "run2", Duration.ofSeconds(10))) {
            assertThat(Files.exists(staging)).isFalse();
            TableTestData.write(tx.stagingDir(), "part-b.parquet", 2, 10);
            assertThat(tx.commit(WriteMode.APPEND).version()).isEqualTo(2);
        }
        assertThat(TableTestData.rowsByBatch(table)).isEqualTo(Map.of(1, 100, 2, 10));
        try (Stream<Path> s = Files.list(store.versionsDir("sales", "orders"))) {
            List<String> left = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(left).containsExactly("v000001-run1", "v000002-run2");
        }
    }
}
