package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableStoreTest {
    @TempDir
    Path datasets;

    TableStore store() {
        return TableStore.of(datasets);
    }

    CommitResult commit(String run, WriteMode mode, int batch, int files, int rowsPerFile) {
        try (TableTransaction tx = store().begin("sales", "orders", run, Duration.ZERO)) {
            for (int i = 0; i < files; i++) {
                TableTestData.write(tx.stagingDir(), "part-" + run + "-" + i + ".parquet", batch, rowsPerFile);
            }
            return tx.commit(mode);
        }
    }

    Path table() {
        return datasets.resolve("warehouse/sales/orders");
    }

    List<String> versionDirs() throws Exception {
        try (Stream<Path> s = Files.list(store().versionsDir("sales", "orders"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void appendTwiceKeepsBothBatchesBehindARelativeLink() throws Exception {
        CommitResult first = commit("run1", WriteMode.APPEND, 1, 2, 10);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.files()).isEqualTo(2);
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 20));

        CommitResult second = commit("run2", WriteMode.APPEND, 2, 1, 5);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.files()).isEqualTo(3);
        assertThat(second.filesAdded()).isEqualTo(1);
        assertThat(second.bytes()).isEqualTo(Files.size(TableTestData.glob(table()).get(0))
                + Files.size(TableTestData.glob(table()).get(1)) + Files.size(TableTestData.glob(table()).get(2)));
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 20, 2, 5));

        assertThat(Files.isSymbolicLink(table())).isTrue();
        assertThat(Files.readSymbolicLink(table()).toString()).isEqualTo("../.versions/sales/orders/v000002-run2");
        assertThat(store().currentVersion("sales", "orders").orElseThrow().runId()).isEqualTo("run2");
        assertThat(TableTestData.glob(table())).allSatisfy(p ->
                assertThat(p.getFileName().toString()).startsWith("part-run")); // unpartitioned: names kept
        // the previous version stays for readers in flight; its files are the same inodes (hard links)
        assertThat(versionDirs()).containsExactly("v000001-run1", "v000002-run2");
        Path oldFile = store().versionsDir("sales", "orders").resolve("v000001-run1/part-run1-0.parquet");
        Path newFile = table().resolve("part-run1-0.parquet");
        assertThat(Files.getAttribute(oldFile, "unix:ino")).isEqualTo(Files.getAttribute(newFile, "unix:ino"));

        commit("run3", WriteMode.APPEND, 3, 1, 1);
        assertThat(versionDirs()).containsExactly("v000002-run2", "v000003-run3");
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 20, 2, 5, 3, 1));
    }

    @Test
    void overwriteReplacesEverything() throws Exception {
        commit("run1", WriteMode.APPEND, 1, 2, 10);
        commit("run2", WriteMode.APPEND, 2, 1, 10);
        CommitResult r = commit("run3", WriteMode.OVERWRITE, 3, 1, 7);
        assertThat(r.files()).isEqualTo(1);
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(3, 7));
    }

    @Test
    void partitionFoldersAppendOverwriteByPartitionAndReplaceExplicitly() throws Exception {
        try (TableTransaction tx = store().begin("sales", "orders", "run1", Duration.ZERO)) {
            TableTestData.write(tx.stagingDir().resolve("year=2024/month=1"), "part-a.parquet", 1, 3);
            TableTestData.write(tx.stagingDir().resolve("year=2024/month=2"), "part-b.parquet", 1, 4);
            TableTestData.write(tx.stagingDir().resolve("year=2025/month=1"), "part-c.parquet", 1, 5);
            tx.commit(WriteMode.APPEND);
        }
        assertThat(Files.isRegularFile(table().resolve("year=2024/month=2/v000001-part-b.parquet"))).isTrue();
        Object inode2024m1 = Files.getAttribute(table().resolve("year=2024/month=1/v000001-part-a.parquet"),
                "unix:ino");

        // OVERWRITE_PARTITIONS: only year=2025/month=1 received rows
        try (TableTransaction tx = store().begin("sales", "orders", "run2", Duration.ZERO)) {
            assertThat(tx.currentVersionDir()).isPresent();
            TableTestData.write(tx.stagingDir().resolve("year=2025/month=1"), "part-d.parquet", 2, 6);
            CommitResult r = tx.commit(WriteMode.OVERWRITE_PARTITIONS);
            assertThat(r.files()).isEqualTo(3);
        }
        assertThat(TableTestData.rowsByBatch(table().resolve("year=2025"))).isEqualTo(Map.of(2, 6));
        assertThat(TableTestData.rowsByBatch(table().resolve("year=2024"))).isEqualTo(Map.of(1, 7));
        assertThat(Files.getAttribute(table().resolve("year=2024/month=1/v000002-part-a.parquet"), "unix:ino"))
                .isEqualTo(inode2024m1);

        // explicit partitions: year=2024 rewritten (month=1 only, month=2 emptied), year=2025 kept
        try (TableTransaction tx = store().begin("sales", "orders", "run3", Duration.ZERO)) {
            TableTestData.write(tx.stagingDir().resolve("year=2024/month=1"), "part-e.parquet", 3, 2);
            tx.commitReplacingPartitions(Set.of("year=2024"));
        }
        assertThat(Files.exists(table().resolve("year=2024/month=2"))).isFalse();
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(2, 6, 3, 2));
        try (TableTransaction tx = store().begin("sales", "orders", "run4", Duration.ZERO)) {
            assertThatThrownBy(() -> tx.commitReplacingPartitions(Set.of("../x")))
                    .hasMessageContaining("relative to the table");
        }
    }

    @Test
    void closeWithoutCommitAbortsAndReleasesTheLock() throws Exception {
        commit("run1", WriteMode.APPEND, 1, 1, 10);
        try (TableTransaction tx = store().begin("sales", "orders", "run2", Duration.ZERO)) {
            TableTestData.write(tx.stagingDir(), "part-x.parquet", 2, 10);
            assertThat(Files.exists(tx.stagingDir())).isTrue();
        }
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 10));
        assertThat(versionDirs()).containsExactly("v000001-run1");
        commit("run3", WriteMode.APPEND, 3, 1, 1);
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 10, 3, 1));
    }

    @Test
    void leftoversOfFailedRunsAreRemovedByTheNextTransaction() throws Exception {
        commit("run1", WriteMode.APPEND, 1, 1, 10);
        Path versions = store().versionsDir("sales", "orders");
        TableTestData.write(versions.resolve(".staging-dead/year=1"), "part-1.parquet", 9, 1);
        TableTestData.write(versions.resolve(".building-dead"), "v000002-part-1.parquet", 9, 1);
        TableTestData.write(versions.resolve("v000002-dead"), "v000002-part-1.parquet", 9, 1); // built, never switched
        Files.createSymbolicLink(versions.resolve(".link-dead"), Path.of("v000002-dead"));
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 10));

        CommitResult r = commit("run2", WriteMode.APPEND, 2, 1, 1);
        assertThat(r.version()).isEqualTo(2);
        assertThat(versionDirs()).containsExactly("v000001-run1", "v000002-run2");
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 10, 2, 1));
    }

    @Test
    void aPlainTableFolderIsAdoptedAsVersionZero() throws Exception {
        TableTestData.write(table().resolve("year=2024"), "legacy-1.parquet", 0, 4);
        TableTestData.write(table(), "legacy-2.parquet", 0, 3);
        Files.writeString(table().resolve("_SUCCESS"), "");
        try (TableTransaction tx = store().begin("sales", "orders", "run1", Duration.ZERO)) {
            assertThat(Files.isSymbolicLink(table())).isTrue();
            assertThat(tx.currentVersion().orElseThrow().number()).isZero();
            assertThat(TableTestData.rowsByBatch(tx.currentVersionDir().orElseThrow())).isEqualTo(Map.of(0, 7));
            TableTestData.write(tx.stagingDir(), "part-1.parquet", 1, 2);
            assertThat(tx.commit(WriteMode.APPEND).version()).isEqualTo(1);
        }
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(0, 7, 1, 2));
        assertThat(Files.exists(table().resolve("_SUCCESS"))).isFalse();
        assertThat(versionDirs()).containsExactly("v000000-adopted-run1", "v000001-run1");
    }

    @Test
    void anAdoptionKilledBetweenMoveAndLinkIsFinishedByTheNextRun() throws Exception {
        Path versions = store().versionsDir("sales", "orders");
        TableTestData.write(versions.resolve("v000000-adopted-dead"), "v000000-legacy.parquet", 0, 4);
        TableTestData.write(versions.resolve(".legacy-dead"), "legacy.parquet", 0, 4);
        Files.createDirectories(table().getParent());
        assertThat(Files.exists(table(), LinkOption.NOFOLLOW_LINKS)).isFalse();
        commit("run1", WriteMode.APPEND, 1, 1, 1);
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(0, 4, 1, 1));
    }

    @Test
    void aLinkThatIsNotOursIsRefused() throws Exception {
        Path elsewhere = Files.createDirectories(datasets.resolve("elsewhere"));
        Files.createDirectories(table().getParent());
        Files.createSymbolicLink(table(), elsewhere);
        assertThatThrownBy(() -> store().begin("sales", "orders", "run1", Duration.ZERO))
                .hasMessageContaining("not a Lakestation table");
        // the failed begin released the lock
        assertThatThrownBy(() -> store().begin("sales", "orders", "run2", Duration.ZERO))
                .hasMessageContaining("not a Lakestation table");
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> store().begin("..", "orders", "r", Duration.ZERO)).hasMessageContaining("domain");
        assertThatThrownBy(() -> store().begin("sales", "a/b", "r", Duration.ZERO)).hasMessageContaining("table");
        assertThatThrownBy(() -> store().begin("sales", "orders", "r/../x", Duration.ZERO))
                .hasMessageContaining("run id");
    }

    @Test
    void aCommittedTransactionCannotCommitAgain() {
        try (TableTransaction tx = store().begin("sales", "orders", "run1", Duration.ZERO)) {
            tx.commit(WriteMode.APPEND);
            assertThatThrownBy(() -> tx.commit(WriteMode.APPEND)).hasMessageContaining("already committed");
        }
    }
}
