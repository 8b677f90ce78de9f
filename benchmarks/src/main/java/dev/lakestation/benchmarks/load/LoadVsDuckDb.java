package dev.lakestation.benchmarks.load;

import dev.lakestation.jobs.load.LoadListener;
import dev.lakestation.jobs.load.LoadRequest;
import dev.lakestation.jobs.load.LoadService;
import dev.lakestation.jobs.load.LoadSplits;
import dev.lakestation.jobs.load.TableLoadReport;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * DSV → Parquet: {@code lakestation load}'s code path ({@link LoadService} on a local MiniCluster) and DuckDB's
 * {@code COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet)} on the same generated file, in the same run,
 * at the same parallelism; prints a markdown table with MB/s, rows/s, the ratio, the CPU time per million rows
 * (the JVM's process CPU time while that engine ran: DuckDB runs in-process, so it counts there too) and the peak
 * heap. On a shared machine compare the CPU column: it moves far less with load than the wall-clock figures.
 *
 * <pre>
 * java $OPTS -Xmx1g -cp benchmarks/target/benchmarks.jar dev.lakestation.benchmarks.load.LoadVsDuckDb \
 *     --rows 2000000 --parallelism 1,2 --runs 3
 * </pre>
 * The file (10 typed columns, ~100 bytes a row) is generated once under {@code --dir} and reused.
 */
public final class LoadVsDuckDb {

    private static final java.time.format.DateTimeFormatter TS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String HEADER = "id,name,email,amount,quantity,ratio,day,ts,active,code";

    public static void main(String[] args) throws Exception {
        long rows = 2_000_000;
        List<Integer> parallelisms = List.of(1, 2);
        int runs = 3;
        Path dir = Path.of("target/load-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--parallelism" -> parallelisms = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--rows N --parallelism 1,2 --runs N --dir DIR)");
            }
        }
        Files.createDirectories(dir);
        Path csv = dir.resolve("rows-" + rows + ".csv");
        if (!Files.exists(csv)) {
            System.out.println("generating " + csv + " ...");
            generate(csv, rows);
        }
        long bytes = Files.size(csv);
        System.out.printf(Locale.ROOT, "input: %s, %,d rows, %.1f MB%n", csv, rows, bytes / 1e6);
        Path root = dir.resolve("project");
        writeProject(root);

        List<String[]> table = new ArrayList<>();
        for (int p : parallelisms) {
            List<Double> duck = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> duckCpu = new ArrayList<>();
            List<Double> oursCpu = new ArrayList<>();
            long peak = 0;
            try (LocalFlinkRunner flink = LocalFlinkRunner.start(p)) {
                for (int run = 0; run < runs + 1; run++) { // run 0 warms both up and is not counted
                    long c0 = processCpuNanos();
                    double d = duckDb(csv, dir.resolve("duck.parquet"), p);
                    double dc = (processCpuNanos() - c0) / 1e9;
                    resetPeaks();
                    long c1 = processCpuNanos();
                    long[] vm0 = vmThreadsCpuTicks();
                    double l = lakestation(root, csv, flink, p, rows);
                    double lc = (processCpuNanos() - c1) / 1e9;
                    long[] vm1 = vmThreadsCpuTicks();
                    peak = Math.max(peak, peakHeap());
                    if (run > 0) {
                        duck.add(d);
                        ours.add(l);
                        duckCpu.add(dc);
                        oursCpu.add(lc);
                    }
                    System.out.printf(Locale.ROOT, "p=%d run %d: duckdb %.2f s (cpu %.2f s), lakestation %.2f s (cpu %.2f s, of which GC %.2f s,"
                                    + " JIT %.2f s), load average %.1f%s%n",
                            p, run, d, dc, l, lc, (vm1[0] - vm0[0]) / 100.0, (vm1[1] - vm0[1]) / 100.0,
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                            run == 0 ? " (warm-up)" : "");
                }
            }
            double dm = median(duck);
            double lm = median(ours);
            table.add(row("DuckDB read_csv → parquet", p, dm, bytes, rows, 1.0, median(duckCpu), -1));
            table.add(row("lakestation load (DSV → Parquet)", p, lm, bytes, rows, dm / lm, median(oursCpu), peak));
        }
        System.out.println();
        System.out.println("| engine | parallelism | seconds (median of " + runs + ") | MB/s | rows/s | vs DuckDB, same threads"
                + " | CPU s per M rows | peak heap |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String[] r : table) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.printf(Locale.ROOT, "%nmax heap %d MB, %d cores, load average %.1f%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String[] row(String engine, int p, double seconds, long bytes, long rows, double ratio,
            double cpuSeconds, long peak) {
        return new String[] {engine, String.valueOf(p), String.format(Locale.ROOT, "%.2f", seconds),
            String.format(Locale.ROOT, "%.1f", bytes / 1e6 / seconds),
            String.format(Locale.ROOT, "%,.0f", rows / seconds),
            ratio == 1.0 ? "—" : String.format(Locale.ROOT, "%.0f%%", ratio * 100),
            String.format(Locale.ROOT, "%.2f", cpuSeconds / (rows / 1e6)),
            peak < 0 ? "—" : (peak >> 20) + " MB"};
    }

    /**
     * CPU clock ticks (1/100 s) of the JVM's own threads, from /proc (Linux; zeros elsewhere): [GC threads,
     * JIT compiler threads]. They live for the whole run, unlike a job's task threads, so a before/after
     * difference is what a load cost them.
     */
    private static long[] vmThreadsCpuTicks() {
        long[] ticks = new long[2];
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (Stream<Path> ts = Files.list(tasks)) {
            for (Path t : ts.toList()) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    int kind = comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? 0
                            : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? 1 : -1;
                    if (kind >= 0) {
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks[kind] += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** CPU time of the whole JVM (all threads, GC and JIT included, DuckDB's native threads too). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        return s.get(s.size() / 2);
    }

    /** One load of the file through LoadService (stage → ingesting → Flink → commit → audit → archive). */
    private static double lakestation(Path root, Path csv, LocalFlinkRunner flink, int p, long rows) throws Exception {
        Path datasets = root.resolve("datasets");
        deleteTree(datasets);
        Path staged = datasets.resolve("stage/bench/rows.csv");
        Files.createDirectories(staged.getParent());
        Files.createLink(staged, csv); // a hard link: staging costs nothing, and the load moves only the link
        Project project = ProjectLoader.load(root, null).orThrow();
        long t0 = System.nanoTime();
        List<TableLoadReport> reports = new LoadService(project, flink, Clock.systemUTC()).load(
                new LoadRequest(List.of("bench"), List.of(), p, Map.of(), LoadSplits.DEFAULT_SPLIT_SIZE,
                        Duration.ofMinutes(1), null, null), LoadListener.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        TableLoadReport r = reports.get(0);
        if (r.status() != TableLoadReport.Status.LOADED || r.accepted() != rows) {
            throw new IllegalStateException("load did not accept every row: " + r);
        }
        return seconds;
    }

    private static double duckDb(Path csv, Path out, int threads) throws Exception {
        Files.deleteIfExists(out);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            long t0 = System.nanoTime();
            s.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = true, delim = ',', columns = {"
                    + "'id': 'BIGINT', 'name': 'VARCHAR', 'email': 'VARCHAR', 'amount': 'DECIMAL(18,2)', "
                    + "'quantity': 'BIGINT', 'ratio': 'DOUBLE', 'day': 'DATE', 'ts': 'TIMESTAMP', "
                    + "'active': 'BOOLEAN', 'code': 'VARCHAR'})) TO '" + out + "' (FORMAT parquet, COMPRESSION snappy)");
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static void writeProject(Path root) throws IOException {
        Path load = root.resolve("metadata/load/bench");
        Files.createDirectories(load);
        Files.writeString(load.resolve("_config.sl.yml"), """
                load:
                  name: bench
                  metadata: {format: DSV, separator: ",", withHeader: true, writeStrategy: {type: OVERWRITE}}
                """);
        // decimal(18,2) on both sides: DuckDB writes DECIMAL(38,9) to Parquet about 8x slower than (18,2)
        // (27.6 s vs 3.3 s on the 209 MB file, 1 thread), which would flatter the ratio.
        Path types = root.resolve("metadata/types");
        Files.createDirectories(types);
        Files.writeString(types.resolve("bench.sl.yml"), """
                types:
                  - name: decimal18
                    primitiveType: decimal
                    pattern: '-?\\d+(\\.\\d+)?'
                    zone: "18,2"
                """);
        Files.writeString(load.resolve("rows.sl.yml"), """
                table:
                  name: rows
                  pattern: "rows.*\\\\.csv"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                    - {name: email, type: string}
                    - {name: amount, type: decimal18}
                    - {name: quantity, type: int}
                    - {name: ratio, type: double}
                    - {name: day, type: date}
                    - {name: ts, type: timestamp}
                    - {name: active, type: boolean}
                    - {name: code, type: string}
                """);
    }

    /** 10 typed columns, about 100 bytes a row, deterministic. */
    static void generate(Path csv, long rows) throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        String[] names = {"Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances"};
        String[] codes = {"FR", "DE", "US", "GB", "IT", "ES", "NL", "BE"};
        LocalDate day0 = LocalDate.of(2020, 1, 1);
        LocalDateTime ts0 = LocalDateTime.of(2024, 1, 1, 0, 0);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder b = new StringBuilder(128);
            for (long i = 1; i <= rows; i++) {
                b.setLength(0);
                String name = names[rnd.nextInt(names.length)];
                b.append(i).append(',').append(name).append(' ').append(rnd.nextInt(100000)).append(',')
                        .append(name.toLowerCase(Locale.ROOT)).append('.').append(rnd.nextInt(100000))
                        .append("@example.com,")
                        .append(rnd.nextInt(1_000_000)).append('.').append(String.format(Locale.ROOT, "%02d", rnd.nextInt(100)))
                        .append(',').append(rnd.nextInt(1000)).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", rnd.nextDouble())).append(',')
                        .append(day0.plusDays(rnd.nextInt(2000))).append(',')
                        .append(TS.format(ts0.plusSeconds(rnd.nextInt(31_536_000))))
                        .append(',').append(rnd.nextBoolean()).append(',').append(codes[rnd.nextInt(codes.length)])
                        .append('\n');
                w.append(b);
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
