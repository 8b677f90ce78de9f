package dev.lakestation.benchmarks.schema;

import dev.lakestation.schema.validation.ValidationResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Companion of {@link RecordValidatorBench} for a shared, loaded machine: runs the same table single-threaded
 * and reports records per wall-clock second and records per CPU second of the validating thread (the latter
 * does not depend on how many other processes compete for the cores).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.lakestation.benchmarks.schema.RecordValidatorThroughput [seconds] [accepted|rejected|both]</pre>
 */
public final class RecordValidatorThroughput {

    private RecordValidatorThroughput() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        RecordValidatorBench b = new RecordValidatorBench();
        b.setup();
        String only = args.length > 1 ? args[1] : "both";
        if (!only.equals("rejected")) {
            run("warm-up accepted", b, b.valid, Math.max(2, seconds / 2));
            run("accepted", b, b.valid, seconds);
        }
        if (!only.equals("accepted")) {
            run("warm-up 10% rejected", b, b.mixed, Math.max(2, seconds / 2));
            run("10% rejected", b, b.mixed, seconds);
        }
    }

    private static void run(String label, RecordValidatorBench b, String[][] rows, int seconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        long records = 0;
        long rejected = 0;
        while (System.nanoTime() < deadline) {
            for (String[] r : rows) {
                ValidationResult v = b.binding.validate(r, b.ctx);
                if (v.isRejected()) {
                    rejected++;
                }
            }
            records += rows.length;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("%-22s %,12.0f records/s wall  %,12.0f records/CPU-s  (%.1f%% rejected, cpu/wall %.2f)%n",
                label, records / wall, records / cpu, 100.0 * rejected / records, cpu / wall);
    }
}
