package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming load's commits: finished files of its stream folder join the table by hard link, the folder (and its
 * in-progress files) survives other transactions' clean-up, and a round that died after its link switch but before
 * deleting its originals does not commit them twice.
 */
class TableStreamCommitTest {
    @TempDir
    Path datasets;

    private TableStore store() {
        return TableStore.of(datasets);
    }

    private Path table() {
        return datasets.resolve("warehouse/sales/orders");
    }

    @Test
    void finishedFilesAreCommittedOnceAndTheStreamFolderSurvivesOtherCommits() throws Exception {
        Path stream = store().streamDir("sales", "orders", "lakestation.sales.orders");
        TableTestData.write(stream, "part-a-0.parquet", 1, 10);
        Files.writeString(stream.resolve(".part-a-1.parquet.inprogress.x"), "being written");

        List<Path> originals;
        try (TableTransaction tx = store().begin("sales", "orders", "r-c1", Duration.ZERO)) {
            originals = tx.stageFinished(stream);
            assertThat(originals).containsExactly(stream.resolve("part-a-0.parquet"));
            tx.commit(WriteMode.APPEND);
        }
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 10));
        assertThat(stream.resolve("part-a-0.parquet")).as("kept until the caller deletes it").exists();

        // the round died before deleting its originals: the next round must not commit them again
        TableTestData.write(stream, "part-a-2.parquet", 2, 5);
        try (TableTransaction tx = store().begin("sales", "orders", "r-c2", Duration.ZERO)) {
            assertThat(tx.stageFinished(stream)).containsExactly(stream.resolve("part-a-2.parquet"));
            tx.commit(WriteMode.APPEND);
        }
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 10, 2, 5));
        assertThat(stream.resolve("part-a-0.parquet")).as("already committed: deleted").doesNotExist();

        // a file load's transaction cleans up leftovers, but not the running stream's folder
        try (TableTransaction tx = store().begin("sales", "orders", "file-run", Duration.ZERO)) {
            TableTestData.write(tx.stagingDir(), "part-f-0.parquet", 3, 1);
            tx.commit(WriteMode.APPEND);
        }
        assertThat(stream.resolve(".part-a-1.parquet.inprogress.x")).exists();
        assertThat(TableTestData.rowsByBatch(table())).isEqualTo(Map.of(1, 10, 2, 5, 3, 1));
    }

    @Test
    void partitionedFilesKeepTheirFoldersAndAreRecognisedUnderTheirVersionPrefix() throws Exception {
        Path stream = store().streamDir("sales", "orders", "g");
        TableTestData.write(stream.resolve("day=1"), "part-a-0.parquet", 1, 3);
        try (TableTransaction tx = store().begin("sales", "orders", "r-c1", Duration.ZERO)) {
            tx.stageFinished(stream);
            tx.commit(WriteMode.APPEND);
        }
        assertThat(table().resolve("day=1/v000001-part-a-0.parquet")).exists();
        try (TableTransaction tx = store().begin("sales", "orders", "r-c2", Duration.ZERO)) {
            assertThat(tx.stageFinished(stream)).as("committed as v000001-part-a-0.parquet").isEmpty();
        }
        assertThat(stream.resolve("day=1/part-a-0.parquet")).doesNotExist();
    }
}
