package dev.lakestation.benchmarks.transform;

import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.transform.TransformJob;
import dev.lakestation.jobs.transform.TransformReport;
import dev.lakestation.jobs.transform.TransformService;
import dev.lakestation.jobs.transform.TransformSession;
import dev.lakestation.jobs.transform.TransformTimings;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import dev.lakestation.schema.project.TableValidator;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.ValidationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * One transform task — issue 11's query, a join of the load benchmark's 2,000,000-row table (as 4 Parquet files) with
 * a 20-row dimension, grouped — through {@link TransformService}, the code path of {@code lakestation transform},
 * side by side with DuckDB running the same SQL over the same files, in the same run:
 * <ul>
 *   <li><b>cold</b>: a fresh JVM per measurement. Lakestation: {@code lakestation transform --name
 *       bench.region_revenue --verbose} (the CLI itself, its breakdown line parsed); DuckDB: a JVM that connects and
 *       runs the query. The figure is the child process' wall time, start to exit.</li>
 *   <li><b>warm</b>: one service (one SQL session, one MiniCluster) running the task again and again in this JVM,
 *       as the later tasks of a {@code lakestation run}; DuckDB: one connection running it again and again.</li>
 *   <li><b>before</b>: the same, on the previous code path: a {@link TransformJob#localBatchEnvironment(int)} session
 *       (Flink's local executor, a MiniCluster per query, default plan options).</li>
 * </ul>
 *
 * <pre>
 * java $OPTS -Xmx1g -cp benchmarks/target/benchmarks.jar dev.lakestation.benchmarks.transform.TransformVsDuckDb \
 *     --rows 2000000 --parallelism 1,2 --runs 3
 * </pre>
 */
public final class TransformVsDuckDb {

    static final String TASK = "bench.region_revenue";
    /** The query, tables named domain.table as in a Starlake task. */
    static final String SQL = "SELECT c.region, o.order_date, COUNT(*) n, SUM(o.quantity * o.price) revenue, "
            + "AVG(o.amount) avg_amount FROM bench.orders o JOIN bench.countries c ON o.country = c.country "
            + "WHERE o.active GROUP BY c.region, o.order_date";
    static final String[] REGIONS = {"Europe", "Americas", "Asia", "Africa", "Oceania"};
    /** 24 codes in the orders, 20 of them in the dimension: some rows find no country. */
    static final String[] CODES = {"FR", "DE", "US", "GB", "IT", "ES", "NL", "BE", "CA", "MX", "BR", "AR", "JP", "CN",
        "IN", "KR", "ZA", "NG", "EG", "AU", "NZ", "CH", "SE", "PL"};
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern BREAKDOWN = Pattern.compile("session ([\\d.]+) s, planning ([\\d.]+) s, cluster "
            + "start ([\\d.]+) s, execution ([\\d.]+) s, commit ([\\d.]+) s");
    private static final Pattern CPU = Pattern.compile("CPU ([\\d.]+) s");

    public static void main(String[] args) throws Exception {
        long rows = 2_000_000;
        List<Integer> parallelisms = List.of(1, 2);
        int runs = 3;
        boolean before = true;
        boolean cold = true;
        Path dir = Path.of("target/transform-bench");
        String child = null;
        List<String> sets = new ArrayList<>();       // --set key=value: plan options, as the task's presql SETs
        int childP = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--parallelism" -> parallelisms = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-before" -> before = false;
                case "--no-cold" -> cold = false;
                case "--set" -> {
                    String set = args[++i];
                    if (set.indexOf('=') < 1) {
                        throw new IllegalArgumentException("--set takes key=value, got '" + set + "'");
                    }
                    sets.add(set);
                }
                case "--child" -> {
                    child = args[++i];
                    childP = Integer.parseInt(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--rows N --parallelism 1,2 --runs N --dir DIR --no-before --no-cold --set key=value)");
            }
        }
        Path root = dir.resolve("project-" + rows).toAbsolutePath();
        if (child != null) {
            runChild(child, root, childP);
            return;
        }
        Project project = prepare(root, rows, sets);
        Expected expected = duckDbResult(root);
        System.out.printf(Locale.ROOT, "input: %,d rows in 4 Parquet files + %d countries; result %,d groups%n",
                rows, 20, expected.groups);

        List<Row> table = new ArrayList<>();
        for (int p : parallelisms) {
            table.addAll(measure(project, root, p, runs, before, cold, expected));
        }
        System.out.println();
        System.out.println("| engine | p | cold s | warm s | × DuckDB cold | × DuckDB warm | warm: session / planning / "
                + "cluster start / execution / commit s | cold (child): session / planning / cluster start / "
                + "execution / commit s | cold CPU s | warm CPU s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|---|---:|---:|");
        for (Row r : table) {
            System.out.println(r.markdown());
        }
        System.out.printf(Locale.ROOT, "%nmedians of %d runs; %d cores, max heap %d MB, load average %.1f (1 min), %s%n",
                runs, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), java.time.Instant.now());
    }

    record Row(String engine, int p, double cold, double warm, double duckCold, double duckWarm, String warmBreakdown,
               String coldBreakdown, double coldCpu, double warmCpu) {
        String markdown() {
            boolean duck = engine.startsWith("DuckDB");
            return "| " + engine + " | " + p + " | " + f(cold) + " | " + f(warm) + " | "
                    + (duck ? "—" : f1(cold / duckCold) + "×") + " | " + (duck ? "—" : f1(warm / duckWarm) + "×")
                    + " | " + warmBreakdown + " | " + coldBreakdown + " | " + f(coldCpu) + " | " + f(warmCpu) + " |";
        }
    }

    private static List<Row> measure(Project project, Path root, int p, int runs, boolean before, boolean cold,
            Expected expected) throws Exception {
        // cold: fresh processes, DuckDB and lakestation interleaved so background load hits both alike
        List<Double> duckCold = new ArrayList<>();
        List<Double> flinkCold = new ArrayList<>();
        List<Double> beforeCold = new ArrayList<>();
        List<double[]> flinkColdParts = new ArrayList<>();
        List<double[]> beforeColdParts = new ArrayList<>();
        for (int run = 0; run < (cold ? runs : 0); run++) {
            duckCold.add(child("duckdb", root, p, null));
            double[] parts = new double[5];
            flinkCold.add(child("lakestation", root, p, parts));
            flinkColdParts.add(parts);
            if (before) {
                double[] b = new double[5];
                beforeCold.add(child("before", root, p, b));
                beforeColdParts.add(b);
            }
            System.out.printf(Locale.ROOT, "p=%d cold run %d: duckdb %.2f s, lakestation %.2f s%s%n", p, run,
                    duckCold.get(run), flinkCold.get(run), before ? String.format(Locale.ROOT, ", before %.2f s",
                            beforeCold.get(run)) : "");
        }
        // warm: the first task of a session is not counted, the later ones are
        List<Double> duckWarm = new ArrayList<>();
        List<Double> duckCpu = new ArrayList<>();
        try (Connection c = duckDb(root, p)) {
            for (int run = 0; run < runs + 1; run++) {
                long cpu0 = processCpuNanos();
                double s = duckDbQuery(c, root);
                if (run > 0) {
                    duckWarm.add(s);
                    duckCpu.add((processCpuNanos() - cpu0) / 1e9);
                }
            }
        }
        Warm ours;
        try (LocalFlinkRunner flink = LocalFlinkRunner.start(p)) {
            ours = warm(project, root, new TransformService(project, flink, Clock.systemUTC()), runs, expected);
        }
        Warm old = null;
        if (before) {
            old = warm(project, root, new TransformService(project,
                    () -> TransformSession.of(TransformJob.localBatchEnvironment(p)), () -> {
                        throw new IllegalStateException("OVERWRITE needs no merge");
                    }, Clock.systemUTC()), runs, expected);
        }
        double dc = cold ? median(duckCold) : Double.NaN;
        double dw = median(duckWarm);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("DuckDB " + p + " thread(s)", p, dc, dw, dc, dw, "—", "—",
                cpu("duckdb" + p), cpu(duckCpu)));
        rows.add(new Row("lakestation transform", p, cold ? median(flinkCold) : Double.NaN, ours.seconds, dc, dw, ours.breakdown,
                parts(flinkColdParts), cpu("lakestation" + p), ours.cpu));
        if (old != null) {
            rows.add(new Row("before: local executor per query, default plan", p,
                    cold && before ? median(beforeCold) : Double.NaN, old.seconds,
                    dc, dw, old.breakdown, parts(beforeColdParts), cpu("before" + p), old.cpu));
        }
        return rows;
    }

    record Warm(double seconds, String breakdown, double cpu) {
    }

    private static Warm warm(Project project, Path root, TransformService service, int runs, Expected expected)
            throws IOException {
        List<Double> seconds = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<double[]> parts = new ArrayList<>();
        for (int run = 0; run < runs + 1; run++) {
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            TransformReport r = service.run(TASK, Map.of(), null, null);
            double s = (System.nanoTime() - t0) / 1e9;
            double c = (processCpuNanos() - cpu0) / 1e9;
            if (!r.success()) {
                throw new IllegalStateException(r.message());
            }
            expected.check(root, r.rows());
            System.out.printf(Locale.ROOT, "  warm run %d: %.2f s (%s)%s%n", run, s, r.timings(),
                    run == 0 ? " (first task of the session, not counted)" : "");
            if (run > 0) {
                seconds.add(s);
                cpu.add(c);
                parts.add(parts(r.timings()));
            }
        }
        return new Warm(median(seconds), parts(parts), median(cpu));
    }

    private static double[] parts(TransformTimings t) {
        return new double[] {s(t.session()), s(t.planning()), s(t.clusterStart()), s(t.execution()), s(t.commit())};
    }

    private static double s(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** Medians of each part, "a / b / c / d / e". */
    private static String parts(List<double[]> runs) {
        if (runs.isEmpty()) {
            return "—";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int k = i;
            out.add(f(median(runs.stream().map(r -> r[k]).toList())));
        }
        return String.join(" / ", out);
    }

    // ---------------------------------------------------------------------------------------------- child JVMs

    /** CPU seconds of each child JVM, by kind and parallelism. */
    private static final Map<String, List<Double>> coldCpu = new HashMap<>();

    /** Runs a child JVM; returns its wall time from launch to exit. Fills {@code parts} from its breakdown line. */
    private static double child(String what, Path root, int p, double[] parts) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TransformVsDuckDb.class.getName(),
                "--dir", root.getParent().toString(), "--rows", root.getFileName().toString().substring(8),
                "--child", what, String.valueOf(p)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = proc.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Matcher cpu = CPU.matcher(out);
        if (cpu.find()) {
            coldCpu.computeIfAbsent(what + p, k -> new ArrayList<>()).add(Double.parseDouble(cpu.group(1)));
        }
        if (exit != 0) {
            throw new IllegalStateException("child " + what + " p=" + p + " failed (exit " + exit + "):\n" + out);
        }
        if (parts != null) {
            Matcher m = BREAKDOWN.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no breakdown in the output of child " + what + ":\n" + out);
            }
            for (int i = 0; i < 5; i++) {
                parts[i] = Double.parseDouble(m.group(i + 1));
            }
        }
        return seconds;
    }

    private static void runChild(String what, Path root, int p) throws Exception {
        switch (what) {
            case "duckdb" -> {
                try (Connection c = duckDb(root, p)) {
                    duckDbQuery(c, root);
                }
            }
            case "lakestation" -> {
                // exactly the command a user types
                StringWriter out = new StringWriter();
                int exit = LakestationCli.run(new PrintWriter(out, true), new PrintWriter(out, true), "transform",
                        "--name", TASK, "--root", root.toString(), "--parallelism", String.valueOf(p), "--verbose");
                System.out.print(out);
                if (exit != 0) {
                    System.exit(exit);
                }
            }
            case "before" -> {
                Project project = ProjectLoader.load(root, null).orThrow();
                TransformReport r = new TransformService(project,
                        () -> TransformSession.of(TransformJob.localBatchEnvironment(p)), () -> {
                            throw new IllegalStateException("OVERWRITE needs no merge");
                        }, Clock.systemUTC()).run(TASK, Map.of(), null, null);
                System.out.println(r.message() + " — " + r.timings());
                if (!r.success()) {
                    System.exit(1);
                }
            }
            default -> throw new IllegalArgumentException(what);
        }
        System.out.printf(Locale.ROOT, "%nCPU %.3f s%n", processCpuNanos() / 1e9);
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------- DuckDB

    private static Connection duckDb(Path root, int threads) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
        }
        return c;
    }

    /** The same SQL over the same files, result written to Parquet like the transform's; seconds. */
    private static double duckDbQuery(Connection c, Path root) throws Exception {
        Path out = root.resolve("duck-result.parquet");
        Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("CREATE OR REPLACE VIEW bench.orders AS SELECT * FROM read_parquet('"
                    + warehouse(root, "orders") + "/*.parquet')");
            s.execute("CREATE OR REPLACE VIEW bench.countries AS SELECT * FROM read_parquet('"
                    + warehouse(root, "countries") + "/*.parquet')");
            s.execute("COPY (" + SQL + ") TO '" + out + "' (FORMAT parquet, COMPRESSION snappy)");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** DuckDB's answer, the reference every lakestation run is checked against. */
    record Expected(long groups, long n, double revenue) {
        void check(Path root, long rows) throws IOException {
            long g = 0;
            long count = 0;
            double rev = 0;
            for (Path f : visibleParquet(warehouse(root, "region_revenue"))) {
                try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(f.toUri()), new Configuration())).build()) {
                    for (GenericRecord rec = r.read(); rec != null; rec = r.read()) {
                        g++;
                        count += ((Number) rec.get("n")).longValue();
                        rev += ((Number) rec.get("revenue")).doubleValue();
                    }
                }
            }
            if (g != groups || rows != groups || count != n || Math.abs(rev - revenue) > 1e-6 * Math.abs(revenue)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "wrong result: %d groups (reported %d), "
                        + "n %d, revenue %.2f; DuckDB: %d groups, n %d, revenue %.2f", g, rows, count, rev, groups, n,
                        revenue));
            }
        }
    }

    private static Expected duckDbResult(Path root) throws Exception {
        try (Connection c = duckDb(root, 2)) {
            duckDbQuery(c, root);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), sum(n), "
                    + "sum(revenue) FROM read_parquet('" + root.resolve("duck-result.parquet") + "')")) {
                rs.next();
                return new Expected(rs.getLong(1), rs.getLong(2), rs.getDouble(3));
            }
        }
    }

    private static List<Path> visibleParquet(Path table) throws IOException {
        Path folder = table.toRealPath();         // the table is a link to its current version
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> {
                        for (Path part : folder.relativize(f)) {
                            String n = part.toString();
                            if (n.startsWith(".") || n.startsWith("_")) {
                                return false;
                            }
                        }
                        return f.toString().endsWith(".parquet");
                    }).sorted().toList();
        }
    }

    // ---------------------------------------------------------------------------------------------- data

    private static Path warehouse(Path root, String table) {
        return root.resolve("datasets/warehouse/bench").resolve(table);
    }

    /** The project and its two loaded tables, written once (parquet-avro, the load's records) and reused. */
    private static Project prepare(Path root, long rows, List<String> sets) throws IOException {
        Path load = root.resolve("metadata/load/bench");
        Files.createDirectories(load);
        Files.writeString(load.resolve("_config.sl.yml"), """
                load:
                  name: bench
                  metadata: {format: DSV, separator: ",", withHeader: true, writeStrategy: {type: OVERWRITE}}
                """);
        Path types = root.resolve("metadata/types");
        Files.createDirectories(types);
        Files.writeString(types.resolve("bench.sl.yml"), """
                types:
                  - name: decimal18
                    primitiveType: decimal
                    pattern: '-?\\d+(\\.\\d+)?'
                    zone: "18,2"
                """);
        // the load benchmark's 10 columns, named for the query: ratio → price, day → order_date, code → country
        Files.writeString(load.resolve("orders.sl.yml"), """
                table:
                  name: orders
                  pattern: "orders.*\\\\.csv"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                    - {name: email, type: string}
                    - {name: amount, type: decimal18}
                    - {name: quantity, type: int}
                    - {name: price, type: double}
                    - {name: order_date, type: date}
                    - {name: ts, type: timestamp}
                    - {name: active, type: boolean}
                    - {name: country, type: string}
                """);
        Files.writeString(load.resolve("countries.sl.yml"), """
                table:
                  name: countries
                  pattern: "countries.*\\\\.csv"
                  attributes:
                    - {name: country, type: string, required: true}
                    - {name: name, type: string}
                    - {name: region, type: string}
                """);
        Path transform = root.resolve("metadata/transform/bench");
        Files.createDirectories(transform);
        Files.writeString(transform.resolve("_config.sl.yml"), """
                transform:
                  default:
                    writeStrategy: {type: OVERWRITE}
                """);
        Files.writeString(transform.resolve("region_revenue.sql"), SQL + "\n");
        Path taskYml = transform.resolve("region_revenue.sl.yml");
        Files.deleteIfExists(taskYml);
        if (!sets.isEmpty()) {
            StringBuilder yml = new StringBuilder("task:\n  presql:\n");
            for (String set : sets) {
                int eq = set.indexOf('=');
                yml.append("    - \"SET '").append(set, 0, eq).append("' = '").append(set.substring(eq + 1))
                        .append("'\"\n");
            }
            Files.writeString(taskYml, yml);
        }
        Project project = ProjectLoader.load(root, null).orThrow();
        Path orders = warehouse(root, "orders");
        if (!Files.isDirectory(orders)) {
            System.out.println("writing " + rows + " rows as 4 Parquet files under " + orders + " ...");
            writeOrders(project, orders, rows);
            writeCountries(project, warehouse(root, "countries"));
        }
        return project;
    }

    /** The load benchmark's generator (same columns and distributions), 4 files of rows/4. */
    private static void writeOrders(Project project, Path folder, long rows) throws IOException {
        TableValidator tv = TableValidator.of(project, "bench", "orders");
        SplittableRandom rnd = new SplittableRandom(42);
        String[] names = {"Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances"};
        LocalDate day0 = LocalDate.of(2020, 1, 1);
        LocalDateTime ts0 = LocalDateTime.of(2024, 1, 1, 0, 0);
        Path tmp = folder.resolveSibling(".orders-writing");
        Files.createDirectories(tmp);
        long id = 1;
        for (int file = 0; file < 4; file++) {
            Path f = tmp.resolve("part-" + file + ".snappy.parquet");
            try (ParquetWriter<GenericRecord> w = writer(f, tv)) {
                long n = rows / 4 + (file < rows % 4 ? 1 : 0);
                RecordContext ctx = RecordContext.of(f.toString());
                for (long i = 0; i < n; i++, id++) {
                    String name = names[rnd.nextInt(names.length)];
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("id", String.valueOf(id));
                    row.put("name", name + " " + rnd.nextInt(100000));
                    row.put("email", name.toLowerCase(Locale.ROOT) + "." + rnd.nextInt(100000) + "@example.com");
                    row.put("amount", rnd.nextInt(1_000_000) + "." + String.format(Locale.ROOT, "%02d",
                            rnd.nextInt(100)));
                    row.put("quantity", String.valueOf(rnd.nextInt(1000)));
                    row.put("price", String.format(Locale.ROOT, "%.4f", rnd.nextDouble() * 100));
                    row.put("order_date", day0.plusDays(rnd.nextInt(2000)).toString());
                    row.put("ts", TS.format(ts0.plusSeconds(rnd.nextInt(31_536_000))));
                    row.put("active", String.valueOf(rnd.nextBoolean()));
                    row.put("country", CODES[rnd.nextInt(CODES.length)]);
                    w.write(accepted(tv, row, ctx));
                }
            }
        }
        Files.move(tmp, folder);
    }

    private static void writeCountries(Project project, Path folder) throws IOException {
        TableValidator tv = TableValidator.of(project, "bench", "countries");
        Path tmp = folder.resolveSibling(".countries-writing");
        Files.createDirectories(tmp);
        Path f = tmp.resolve("part-0.snappy.parquet");
        try (ParquetWriter<GenericRecord> w = writer(f, tv)) {
            RecordContext ctx = RecordContext.of(f.toString());
            for (int i = 0; i < 20; i++) {
                Map<String, String> row = new HashMap<>();
                row.put("country", CODES[i]);
                row.put("name", "Country " + CODES[i]);
                row.put("region", REGIONS[i % REGIONS.length]);
                w.write(accepted(tv, row, ctx));
            }
        }
        Files.move(tmp, folder);
    }

    private static ParquetWriter<GenericRecord> writer(Path f, TableValidator tv) throws IOException {
        return AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(
                        new org.apache.hadoop.fs.Path(f.toUri()), new Configuration()))
                .withSchema(tv.schema()).withCompressionCodec(CompressionCodecName.SNAPPY).build();
    }

    private static GenericRecord accepted(TableValidator tv, Map<String, String> row, RecordContext ctx) {
        ValidationResult r = tv.validator().validate(row, ctx);
        if (!(r instanceof ValidationResult.Accepted a)) {
            throw new IllegalStateException("generated row rejected: " + row + " " + r);
        }
        return a.record();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double cpu(String kind) {
        List<Double> xs = coldCpu.get(kind);
        return xs == null || xs.isEmpty() ? Double.NaN : median(xs);
    }

    private static double cpu(List<Double> xs) {
        return xs.isEmpty() ? Double.NaN : median(xs);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        return s.get(s.size() / 2);
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
