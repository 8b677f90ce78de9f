package dev.lakestation.jobs.table;

import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.runner.RunningJob;
import dev.lakestation.schema.model.WriteStrategyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The merging side of {@link MergeKillTest} (runs in the child JVM): stages {@link #ROWS} upserts of
 * sales.orders and runs {@link WriteStrategies#commit}; its runner prints {@code READY} once the merge job has
 * put a file into the staging folder (or ended) and then never returns, so the commit cannot happen before the
 * test's SIGKILL.
 */
final class MergeChild {
    static final int ROWS = 20_000;

    private MergeChild() {
    }

    static List<GenericRecord> incoming() {
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(WriteStrategiesITCase.row(i, "new" + i, 2, null));
        }
        return rows;
    }

    /**
     * {@code merge}: UPSERT_BY_KEY, which takes the hash path ({@link KeySetRewrite}) for this batch;
     * {@code merge-keyed}: UPSERT_BY_KEY_AND_TIMESTAMP (incoming ts 2 &gt; the table's 1, so the same result), which
     * always takes the keyed merge.
     */
    static MergeSpec spec(String mode) {
        return mode.equals("merge-keyed")
                ? WriteStrategiesITCase.spec(WriteStrategyType.UPSERT_BY_KEY_AND_TIMESTAMP, List.of("id"), "ts",
                        List.of())
                : WriteStrategiesITCase.spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of());
    }

    static void run(String mode, Path datasets, String runId) throws Exception {
        TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", runId, Duration.ofSeconds(30));
        WriteStrategiesITCase.write(tx.stagingDir().resolve("part-incoming.parquet"), incoming());
        LocalFlinkRunner local = LocalFlinkRunner.start(1);
        FlinkRunner blocking = new FlinkRunner() {
            @Override
            public StreamExecutionEnvironment environment() {
                return local.environment();
            }

            @Override
            public RunningJob submit(StreamExecutionEnvironment env, String jobName) throws Exception {
                RunningJob job = local.submit(env, jobName);
                while (job.await(Duration.ofMillis(20)).isEmpty() && !hasFiles(tx.stagingDir())) {
                    // the merge job is reading and sorting; its first output file has not appeared yet
                }
                System.out.println("READY " + jobName);
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
                return job;
            }

            @Override
            public void close() {
                local.close();
            }
        };
        WriteStrategies.commit(blocking, tx, spec(mode));
    }

    private static boolean hasFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(Files::isRegularFile);
        }
    }
}
