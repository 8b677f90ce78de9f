package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.runner.LocalFlinkRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL in the middle of a merge (its Flink job writing into staging): the table still reads
 * back as the previous version, and the next run merges and commits. Once on each merge path: UPSERT_BY_KEY of
 * this batch runs {@link KeySetRewrite} (the hash path), UPSERT_BY_KEY_AND_TIMESTAMP the keyed merge.
 */
class MergeKillTest {
    @TempDir
    Path datasets;

    @ParameterizedTest
    @ValueSource(strings = {"merge", "merge-keyed"})
    void aMergeKilledMidJobLeavesThePreviousVersionAndTheNextRunSucceeds(String mode) throws Exception {
        // precondition: each mode exercises the path it is meant to (KeySetRewrite.applies decides the path)
        Path sample = datasets.resolve("sample.parquet");
        WriteStrategiesITCase.write(sample, MergeChild.incoming());
        assertThat(KeySetRewrite.applies(MergeChild.spec(mode), List.of(sample), WriteStrategies.hashJoinMaxRows))
                .as(mode + " takes the hash path").isEqualTo(mode.equals("merge"));
        Files.delete(sample);
        TableStore store = TableStore.of(datasets);
        List<GenericRecord> first = new ArrayList<>();
        for (int i = 0; i < MergeChild.ROWS; i += 2) {
            first.add(WriteStrategiesITCase.row(i, "old" + i, 1, null));
        }
        try (TableTransaction tx = store.begin("sales", "orders", "run1", Duration.ZERO)) {
            WriteStrategiesITCase.write(tx.stagingDir().resolve("part-0.parquet"), first);
            tx.commit(WriteMode.APPEND);
        }
        Path versions = store.versionsDir("sales", "orders");
        try (ChildProcess child = ChildProcess.start(mode, datasets, "killed")) {
            assertThat(names(store)).containsExactly("old0", "old10");
            child.kill();
        }
        assertThat(store.currentVersion("sales", "orders").orElseThrow().number()).isEqualTo(1);
        assertThat(rows(store)).hasSize(MergeChild.ROWS / 2).allMatch(g -> g.get("name").toString().startsWith("old"));
        assertThat(leftovers(versions)).contains(".staging-killed", ".work-killed-incoming");

        try (LocalFlinkRunner flink = LocalFlinkRunner.start(2);
             TableTransaction tx = store.begin("sales", "orders", "run2", Duration.ofSeconds(10))) {
            assertThat(leftovers(versions)).doesNotContain(".staging-killed", ".work-killed-incoming");
            WriteStrategiesITCase.write(tx.stagingDir().resolve("part-incoming.parquet"), MergeChild.incoming());
            assertThat(WriteStrategies.commit(flink, tx, MergeChild.spec(mode)).commit().version()).isEqualTo(2);
        }
        assertThat(rows(store)).hasSize(MergeChild.ROWS).allMatch(g -> g.get("name").toString().startsWith("new"));
        assertThat(leftovers(versions)).containsExactly("v000001-run1", "v000002-run2");
    }

    private static List<GenericRecord> rows(TableStore store) throws Exception {
        List<GenericRecord> out = new ArrayList<>();
        for (Path f : TableTestData.glob(store.tablePath("sales", "orders"))) {
            out.addAll(ParquetTestFiles.read(f));
        }
        return out;
    }

    private static List<String> names(TableStore store) throws Exception {
        return rows(store).stream().map(g -> g.get("name").toString()).filter(n -> n.equals("old0") || n.equals("old10"))
                .sorted().toList();
    }

    private static List<String> leftovers(Path versions) throws Exception {
        try (Stream<Path> s = Files.list(versions)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
