package dev.lakestation.jobs.load;

import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.schema.project.ProjectLoader;
import dev.lakestation.testsupport.NatsServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Station → Parquet throughput (a harness, not a test): N JSON messages of a 10-column table on a 2-partition
 * station of a local nats-server, loaded bounded at parallelism 1 and 2, next to {@code MemphisSource} alone into a
 * discarding sink and the file load of the same rows (a JSON-lines file), in one run, after a warm-up of all three
 * on a smaller station. Prints wall-clock rows/s, rows per JVM CPU-second (nats-server's CPU not included) and the
 * 1-minute load average at the end of each run.
 *
 * <pre>
 * mvn -o -q -pl jobs -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java $FLINK_OPENS -cp jobs/target/test-classes:jobs/target/classes:$(cat /tmp/cp.txt) \
 *     dev.lakestation.jobs.load.StationLoadThroughput 1000000
 * </pre>
 */
public final class StationLoadThroughput {

    private static final String ATTRIBUTES = """
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                    - {name: email, type: string}
                    - {name: amount, type: decimal}
                    - {name: qty, type: int}
                    - {name: score, type: double}
                    - {name: day, type: date}
                    - {name: at, type: timestamp}
                    - {name: active, type: boolean}
                    - {name: code, type: string}
                """;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path root = Files.createTempDirectory("station-bench-");
        try (NatsServer nats = NatsServer.builder().build().start();
             Memphis memphis = Memphis.connect(MemphisOptions.builder().host(nats.host()).port(nats.port())
                     .username("bench").connectionToken("").controlPlane(ControlPlane.JETSTREAM).build())) {
            // A warm-up of every run on a smaller station first: otherwise the first run measured pays the JIT
            // (the source alone at p=1 took 3x the CPU per row of the same run at p=2).
            int w = Math.max(1, Math.min(n, 100_000));
            CharSequence warmFile = produce(memphis, "warm", w);
            for (Run run : List.<Run>of(() -> sourceAlone(nats, "warm", 2), () -> stationLoad(root, nats, "warm", 2, w),
                    () -> fileLoad(root, 2, warmFile, w))) {
                run.run();
            }
            CharSequence file = produce(memphis, "bench", n);

            System.out.println("| run | parallelism | rows | wall s | rows/s | JVM CPU s | rows per CPU-second | load avg |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int p : new int[] {1, 2}) {
                measure("MemphisSource alone → discard", p, n, () -> sourceAlone(nats, "bench", p));
                measure("station load (bounded) → Parquet", p, n, () -> stationLoad(root, nats, "bench", p, n));
                measure("file load (JSON lines) → Parquet", p, n, () -> fileLoad(root, p, file, n));
            }
        }
    }

    /** {@code n} messages on a new 2-partition station; returns the same rows as JSON lines. */
    private static CharSequence produce(Memphis memphis, String station, int n) throws Exception {
        memphis.createStation(StationOptions.builder(station).partitions(2).build());
        StringBuilder file = new StringBuilder();
        Producer producer = memphis.producer(station, "bench");
        long t0 = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            String json = row(i);
            producer.produceAsync(json.getBytes(StandardCharsets.UTF_8), ProduceOptions.partition(1 + i % 2));
            file.append(json).append('\n');
        }
        producer.flush();
        System.out.printf(Locale.ROOT, "produced %,d messages on %s in %.1f s%n", n, station,
                (System.nanoTime() - t0) / 1e9);
        return file;
    }

    private static String row(int i) {
        return "{\"id\": " + i + ", \"name\": \"name-" + i + "\", \"email\": \"u" + i + "@example.com\", \"amount\": "
                + (i % 10_000) + ".25, \"qty\": " + (i % 100) + ", \"score\": " + (i % 977) / 7.0
                + ", \"day\": \"2024-03-" + String.format("%02d", 1 + i % 28) + "\", \"at\": \"2024-03-01 10:00:00\", \"active\": "
                + (i % 2 == 0) + ", \"code\": \"C" + (i % 50) + "\"}";
    }

    interface Run {
        void run() throws Exception;
    }

    private static void measure(String name, int p, int n, Run run) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        run.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.1f | %,.0f | %.1f | %,.0f | %.1f |%n", name, p, n, wall,
                n / wall, cpu, n / cpu, os.getSystemLoadAverage());
    }

    private static void sourceAlone(NatsServer nats, String station, int p) throws Exception {
        try (LocalFlinkRunner flink = LocalFlinkRunner.start(p)) {
            var env = flink.environment();
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            env.enableCheckpointing(1000);
            env.fromSource(MemphisSource.<byte[]>builder().setOptions(options(nats)).setStations(station)
                            .setConsumerGroup("alone-p" + p).setDeserializer(MemphisDeserializers.bytes()).setBounded()
                            .build(), WatermarkStrategy.noWatermarks(), "bench")
                    .sinkTo(new DiscardingSink<>());
            flink.submit(env, "source alone").await(Duration.ofHours(1));
        }
    }

    private static void stationLoad(Path root, NatsServer nats, String station, int p, int n) throws Exception {
        project(root, "options: {memphis.station: \"" + station + "\", memphis.group: \"load-" + station + "-p" + p
                + "\"}");
        report(load(root, p, LoadRequest.of(List.of("bench"), List.of(), p).withStations(new StationRequest(
                options(nats), null, true, Duration.ofSeconds(1)))), n);
    }

    private static int files;

    private static void fileLoad(Path root, int p, CharSequence lines, int n) throws Exception {
        project(root, "");
        Path staged = root.resolve("datasets/stage/bench/orders-" + p + "-" + (++files) + ".json");
        Files.createDirectories(staged.getParent());
        Files.writeString(staged, lines);
        report(load(root, p, LoadRequest.of(List.of("bench"), List.of(), p)), n);
    }

    private static List<TableLoadReport> load(Path root, int p, LoadRequest request) {
        try (LocalFlinkRunner flink = LocalFlinkRunner.start(p)) {
            return new LoadService(ProjectLoader.load(root, null, Map.of()).orThrow(), flink, Clock.systemUTC())
                    .load(request, LoadListener.NONE);
        }
    }

    private static void report(List<TableLoadReport> reports, int n) {
        for (TableLoadReport r : reports) {
            if (r.status() != TableLoadReport.Status.LOADED || r.accepted() != n) {
                throw new IllegalStateException(r.name() + ": " + r.status() + " " + r.accepted() + " rows, "
                        + r.message());
            }
        }
    }

    private static void project(Path root, String options) throws Exception {
        Path dir = root.resolve("metadata/load/bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("_config.sl.yml"), "load:\n  name: bench\n  metadata: {format: JSON}\n");
        Files.writeString(dir.resolve("orders.sl.yml"), "table:\n  name: orders\n  pattern: \"orders.*\"\n"
                + (options.isEmpty() ? "" : "  metadata:\n    " + options + "\n") + ATTRIBUTES);
    }

    private static MemphisOptions options(NatsServer nats) {
        return MemphisOptions.builder().host(nats.host()).port(nats.port()).username("bench").connectionToken("")
                .build();
    }
}
