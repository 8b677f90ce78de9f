package dev.lakestation.jobs.load;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;
import dev.lakestation.jobs.load.format.Readers;
import dev.lakestation.jobs.table.ParquetWriters;
import dev.lakestation.schema.project.TableValidator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Throughput harness (not a test): the three steps of a DSV load — read, validate, write Parquet — one after the
 * other on one thread, without Flink, each timed in CPU time of that thread (validate = read and validate minus read alone), on a real project table and file.
 * It tells which step costs what per row (the Flink job runs them on two threads per reader, so CPU per row is
 * what bounds throughput when every core is busy). Use the project and file {@code LoadVsDuckDb} generates:
 *
 * <pre>
 * mvn -o -q -pl jobs test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx2g -cp jobs/target/test-classes:jobs/target/classes:$(cat /tmp/cp.txt) \
 *     dev.lakestation.jobs.load.LoadPathThroughput target/load-bench/project bench rows \
 *     target/load-bench/rows-2000000.csv 1000000 5
 * </pre>
 * Arguments: project root, domain, table, input file, rows per round (the first rows of the file), rounds.
 */
public final class LoadPathThroughput {
    private LoadPathThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String domain = args[1];
        String table = args[2];
        Path file = Path.of(args[3]);
        int rows = Integer.parseInt(args[4]);
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        ProjectRef ref = new ProjectRef(root.toAbsolutePath().toString(), null, Map.of());
        TableValidator tv = ref.validator(domain, table);
        FormatSpec spec = FormatSpec.of(tv.table(), TableLoadJob.needsFieldNames(tv.table()));
        org.apache.flink.core.fs.Path input = new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path out = Files.createTempDirectory("load-path").resolve("out.parquet");
        System.out.printf(Locale.ROOT, "%s.%s, %,d rows of %s, %d rounds, CPU ns per row of this thread%n", domain,
                table, rows, file, rounds);
        System.out.printf(Locale.ROOT, "%-6s %10s %10s %10s %10s %12s%n", "round", "read", "validate", "write",
                "total", "parquet MB");
        for (int round = 0; round < rounds; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            try (RecordReader in = Readers.open(spec, input, 0, Long.MAX_VALUE)) {
                for (int i = 0; i < rows && in.next() != null; i++) {
                    // reading alone
                }
            }
            long read = mx.getCurrentThreadCpuTime() - c0;
            List<GenericRecord> records = new ArrayList<>(rows);
            long c1 = mx.getCurrentThreadCpuTime();
            try (RecordReader in = Readers.open(spec, input, 0, Long.MAX_VALUE)) {
                RowValidation v = new RowValidation(tv, false, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), r -> r.line);
                List<String> columns = in.inputColumns();
                RawRecord r;
                for (int i = 0; i < rows && (r = in.next()) != null; i++) {
                    LoadRow row = v.validate(r, columns);
                    if (row.kind() != LoadRow.Kind.ACCEPTED) {
                        throw new IllegalStateException("rejected: " + row.error());
                    }
                    records.add(row.record());
                }
            }
            long validate = mx.getCurrentThreadCpuTime() - c1 - read;
            long w0 = mx.getCurrentThreadCpuTime();
            try (ParquetWriter<GenericRecord> w = ParquetWriters.open(tv.schema(), new LocalOutputFile(out))) {
                for (GenericRecord r : records) {
                    w.write(r);
                }
            }
            long write = mx.getCurrentThreadCpuTime() - w0;
            int n = records.size();
            System.out.printf(Locale.ROOT, "%-6d %10.0f %10.0f %10.0f %10.0f %12.1f%n", round, (double) read / n,
                    (double) validate / n, (double) write / n, (double) (read + validate + write) / n,
                    Files.size(out) / 1e6);
            Files.delete(out);
        }
    }
}
