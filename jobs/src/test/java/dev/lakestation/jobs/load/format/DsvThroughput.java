package dev.lakestation.jobs.load.format;

import org.apache.flink.core.fs.Path;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;

/**
 * Throughput harness (not a test): generates a 10-column CSV of ~100-byte rows and parses it single-thread
 * into String[] with {@link Readers}, printing MB/s per wall second and per CPU second of the thread.
 *
 * <pre>
 * mvn -o -q -pl jobs test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.lakestation.jobs.load.format.DsvThroughput -Dexec.args="200 5"
 * </pre>
 * Arguments: file size in MB (200), measured runs (5; one warm-up run first).
 */
public final class DsvThroughput {
    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        java.nio.file.Path file = Files.createTempFile("dsv-throughput", ".csv");
        try {
            long rows = generate(file, mb * 1_000_000L);
            long bytes = Files.size(file);
            FormatSpec spec = FormatTestSupport.dsv(",", true);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            System.out.printf("| run | rows | MB | wall s | MB/s wall | MB/s CPU | load avg |%n|---|---|---|---|---|---|---|%n");
            for (int run = 0; run <= runs; run++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long n = 0;
                long check = 0;
                try (RecordReader r = Readers.open(spec, new Path(file.toUri()), 0, Long.MAX_VALUE)) {
                    for (RawRecord rec; (rec = r.next()) != null; ) {
                        n++;
                        check += rec.fields.length;
                    }
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                if (n != rows || check != 10 * rows) {
                    throw new IllegalStateException("read " + n + " rows / " + check + " values, wrote " + rows);
                }
                System.out.printf("| %s | %,d | %.0f | %.2f | %.0f | %.0f | %.1f |%n", run == 0 ? "warm-up" : run, n,
                        bytes / 1e6, wall, bytes / 1e6 / wall, bytes / 1e6 / cpu,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Rows like the load benchmark's: long, string, email, decimal, int, double, date, timestamp, boolean, code. */
    private static long generate(java.nio.file.Path file, long size) throws Exception {
        Random rnd = new Random(1);
        long rows = 0;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header = "id,name,email,amount,qty,ratio,day,ts,flag,code\n";
            w.write(header);
            written += header.length();
            while (written < size) {
                String row = rows + ",name" + rnd.nextInt(100000) + ",user" + rnd.nextInt(1000000) + "@example.com,"
                        + rnd.nextInt(100000) + "." + rnd.nextInt(100) + "," + rnd.nextInt(1000) + ","
                        + rnd.nextDouble() + ",2024-0" + (1 + rnd.nextInt(9)) + "-1" + rnd.nextInt(10)
                        + ",2024-03-01 12:" + (10 + rnd.nextInt(50)) + ":00," + rnd.nextBoolean() + ",\"F"
                        + (char) ('A' + rnd.nextInt(26)) + "\"\n";
                w.write(row);
                written += row.length();
                rows++;
            }
        }
        return rows;
    }
}
