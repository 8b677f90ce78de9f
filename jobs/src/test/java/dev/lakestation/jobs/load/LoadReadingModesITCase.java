package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.area.AreaFixtures;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.runner.RunningJob;
import dev.lakestation.schema.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both ways a load's readers run ({@link LoadSource}: splits read in the task threads; {@code FileSource} with
 * {@link LoadFormat}: read ahead on fetcher threads), at parallelism 1 and 2, over a large file cut into byte
 * ranges plus small files: every line is read exactly once, whichever reader takes which split, and a rejected row
 * keeps its absolute line number in whatever range it falls.
 */
class LoadReadingModesITCase {

    private static final int ROWS = 120_000;            // ~4.5 MB: five 1 MiB ranges at the test's split size
    private static final List<Integer> BAD = List.of(2, 31_337, 64_000, 99_999, ROWS + 1); // 1-based file lines

    @TempDir
    Path root;

    @ParameterizedTest(name = "read ahead: {0}, parallelism {1}")
    @CsvSource({"false, 2", "true, 2", "false, 1", "true, 1"})
    void everyLineOfEverySplitIsReadOnce(boolean readAhead, int parallelism) throws Exception {
        AreaFixtures.dsvTable(root, "sales", "orders", "{name: id, type: long, required: true}",
                "{name: label, type: string}");
        StringBuilder big = new StringBuilder("id,label\n");
        for (int line = 2; line <= ROWS + 1; line++) {
            big.append(BAD.contains(line) ? "not-a-number" : String.valueOf(line)).append(",label of row ")
                    .append(line).append('\n');
        }
        List<org.apache.flink.core.fs.Path> files = new ArrayList<>();
        files.add(flink(AreaFixtures.write(root, "datasets/ingesting/sales/orders-big.csv", big.toString())));
        for (int k = 0; k < 5; k++) { // small files: one split each, ids after the big file's
            files.add(flink(AreaFixtures.write(root, "datasets/ingesting/sales/orders-" + k + ".csv",
                    "id,label\n" + (1_000_000 + 2 * k) + ",a\n" + (1_000_001 + 2 * k) + ",b\n")));
        }
        var project = ProjectLoader.load(root, null).orThrow();
        Path staging = root.resolve("staging");
        Path rejected = root.resolve("rejected");
        try (LocalFlinkRunner runner = LocalFlinkRunner.start(parallelism)) {
            var env = runner.environment();
            TableLoadJob.build(env, new TableLoadJob.Spec(ProjectRef.of(project, Map.of()), "sales", "orders", files,
                    flink(staging), flink(rejected), "run1", Instant.now(), parallelism, 1024 * 1024, -1), readAhead);
            RunningJob job = runner.submit(env, "load sales.orders");
            Map<String, Object> acc = job.await(Duration.ofMinutes(2)).orElseThrow();
            assertThat(acc).containsEntry(LoadRouter.ACCEPTED, (long) ROWS - BAD.size() + 10)
                    .containsEntry(LoadRouter.REJECTED, (long) BAD.size());
        }
        assertThat(new LoadSplits(null, 1024 * 1024, parallelism).range(Files.size(root.resolve(
                "datasets/ingesting/sales/orders-big.csv")))).as("the big file is cut into ranges").isLessThan(1_500_000);

        List<GenericRecord> rows = Parquet.readAll(staging);
        Map<Long, Long> countById = rows.stream().collect(Collectors.groupingBy(r -> (Long) r.get("id"),
                TreeMap::new, Collectors.counting()));
        assertThat(countById).hasSize(ROWS - BAD.size() + 10);
        assertThat(countById.values()).as("no row twice").containsOnly(1L);
        for (int line = 2; line <= ROWS + 1; line++) {
            if (!BAD.contains(line)) {
                assertThat(countById).as("line %d", line).containsKey((long) line);
            }
        }
        assertThat(rows).filteredOn(r -> (Long) r.get("id") == 64_001L)
                .extracting(r -> r.get("label").toString()).containsExactly("label of row 64001");

        List<GenericRecord> bad = Parquet.readAll(rejected);
        assertThat(bad).extracting(r -> (Long) r.get("line"))
                .containsExactlyInAnyOrderElementsOf(BAD.stream().map(Integer::longValue).toList());
        assertThat(bad).allSatisfy(r -> assertThat(r.get("path").toString()).endsWith("orders-big.csv"));
    }

    private static org.apache.flink.core.fs.Path flink(Path p) {
        return new org.apache.flink.core.fs.Path(p.toUri());
    }
}
