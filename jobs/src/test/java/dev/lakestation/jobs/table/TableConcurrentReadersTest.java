package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import dev.lakestation.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers running while a writer commits many versions never see a half-written table or old and new rows
 * together: every successful read is exactly one committed version. A reader that lists through the table link
 * while a commit switches it may find a listed file gone (the new version names its files anew) and retries.
 */
class TableConcurrentReadersTest {
    private static final int COMMITS = 25;

    @TempDir
    Path datasets;

    /** Commit i: OVERWRITE with batch i every 5th commit, else APPEND; partitioned: one file per partition p=0..2. */
    static Map<Integer, Integer> expected(int version, boolean partitioned) {
        Map<Integer, Integer> rows = new TreeMap<>();
        for (int i = 1; i <= version; i++) {
            if (i % 5 == 0) {
                rows.clear();
            }
            rows.put(i, (partitioned ? 3 : 1) * (i + 3));
        }
        return rows;
    }

    @Test
    void globbingReadersSeeExactlyOneVersionUnpartitioned() throws Exception {
        run(false);
    }

    @Test
    void globbingReadersSeeExactlyOneVersionWithStablePartitions() throws Exception {
        run(true);
    }

    private void run(boolean partitioned) throws Exception {
        TableStore store = TableStore.of(datasets);
        Path table = store.tablePath("sales", "orders");
        commit(store, 1, partitioned);
        List<Map<Integer, Integer>> valid = new ArrayList<>();
        for (int v = 1; v <= COMMITS; v++) {
            valid.add(expected(v, partitioned));
        }
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Map<Integer, Integer>> seen = new CopyOnWriteArrayList<>();
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger snapshotReads = new AtomicInteger();
        Thread globber = new Thread(() -> {
            while (!done.get()) {
                try {
                    Map<Integer, Integer> rows = TableTestData.rowsByBatch(TableTestData.glob(table));
                    if (!valid.contains(rows)) {
                        failures.add(new AssertionError("read a table that is no version: " + rows));
                    }
                    seen.add(rows);
                } catch (Throwable t) {
                    if (isNoSuchFile(t)) {
                        retries.incrementAndGet();
                    } else {
                        failures.add(t);
                    }
                }
                attempts.incrementAndGet();
            }
        }, "globbing-reader");
        Thread snapshotter = new Thread(() -> {
            while (!done.get()) {
                try {
                    TableVersion v = store.currentVersion("sales", "orders").orElseThrow();
                    Map<Integer, Integer> rows = TableTestData.rowsByBatch(v.dir());
                    if (!rows.equals(expected((int) v.number(), partitioned))) {
                        failures.add(new AssertionError("version " + v.number() + " read as " + rows));
                    }
                    snapshotReads.incrementAndGet();
                } catch (Throwable t) {
                    if (!isNoSuchFile(t)) { // pruned two commits later
                        failures.add(t);
                    }
                }
            }
        }, "snapshot-reader");
        globber.start();
        snapshotter.start();
        try {
            for (int i = 2; i <= COMMITS; i++) {
                commit(store, i, partitioned);
                // the read in flight spans this commit; the one after it runs between two commits
                int target = attempts.get() + 2;
                Await.until(Duration.ofSeconds(60), "two reads after commit " + i,
                        () -> attempts.get() >= target || !failures.isEmpty());
            }
        } finally {
            done.set(true);
            globber.join(60_000);
            snapshotter.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(COMMITS - 1);
        assertThat(snapshotReads.get()).isPositive();
        assertThat(TableTestData.rowsByBatch(table)).isEqualTo(expected(COMMITS, partitioned));
        System.out.printf("partitioned=%s: %d glob reads, %d retries, %d snapshot reads, %d distinct versions seen%n",
                partitioned, seen.size(), retries.get(), snapshotReads.get(), seen.stream().distinct().count());
    }

    private static void commit(TableStore store, int i, boolean partitioned) {
        try (TableTransaction tx = store.begin("sales", "orders", "run" + i, Duration.ofSeconds(10))) {
            if (partitioned) {
                for (int p = 0; p < 3; p++) {
                    TableTestData.write(tx.stagingDir().resolve("p=" + p), "part-" + i + ".parquet", i, i + 3);
                }
            } else {
                TableTestData.write(tx.stagingDir(), "part-" + i + ".parquet", i, i + 3);
            }
            tx.commit(i % 5 == 0 ? WriteMode.OVERWRITE : WriteMode.APPEND);
        }
    }

    static boolean isNoSuchFile(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NoSuchFileException || c instanceof java.io.FileNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
