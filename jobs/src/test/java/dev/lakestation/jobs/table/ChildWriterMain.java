package dev.lakestation.jobs.table;

import dev.lakestation.jobs.area.TableLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Child JVM of the SIGKILL tests (not a test): {@code write <datasets> <runId>} begins a transaction on
 * sales.orders, writes two complete files, a truncated one and an open writer into the staging folder, prints
 * {@code READY} and blocks; {@code lock <locksDir> <runId>} only holds the table lock; {@code merge <datasets>
 * <runId>} / {@code merge-keyed ...} block inside a merge job ({@link MergeChild}). The test kills it with
 * SIGKILL ({@code Process.destroyForcibly()}).
 */
public final class ChildWriterMain {
    private ChildWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        String runId = args[2];
        if (mode.startsWith("merge")) {
            MergeChild.run(mode, dir, runId);
        } else if (mode.equals("lock")) {
            TableLock lock = TableLock.acquire(dir, "sales", "orders", runId, Duration.ofSeconds(30));
            System.out.println("READY " + lock.file());
        } else {
            TableTransaction tx = TableStore.of(dir).begin("sales", "orders", runId, Duration.ofSeconds(30));
            Path staging = tx.stagingDir();
            TableTestData.write(staging, "part-0.parquet", 99, 1000);
            TableTestData.write(staging.resolve("p=1"), "part-1.parquet", 99, 1000);
            Path whole = TableTestData.write(staging, "whole.tmp", 99, 1000);
            byte[] bytes = Files.readAllBytes(whole);
            Files.write(staging.resolve("part-2.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
            Files.delete(whole);
            ParquetWriter<GenericRecord> open = ParquetWriters.open(TableTestData.SCHEMA,
                    new LocalOutputFile(staging.resolve("part-3.parquet")));
            for (int i = 0; i < 500; i++) {
                GenericRecord r = new GenericData.Record(TableTestData.SCHEMA);
                r.put(0, 99);
                r.put(1, i);
                open.write(r);
            }
            System.out.println("READY " + staging);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // blocked mid-write until SIGKILL
    }
}
