package dev.lakestation.jobs.runner;

import dev.lakestation.testsupport.Await;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster for tests: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@code TaskManagerRunner}) as separate JVMs, launched from the Maven artifacts on the test class
 * path, on free loopback ports, configured by a {@code config.yaml} in a temporary folder — what
 * {@code start-cluster.sh} does with a Flink distribution.
 *
 * <p>The cluster's class path is the test class path without Lakestation's own code and what the uploaded jobs
 * jar brings (Parquet, Avro, Hadoop, picocli, ...): like a Flink distribution, it has only Flink, its table runtime
 * and logging, so the jobs jar is tested the way a user's cluster sees it. Every process is stopped by its PID on
 * {@link #close()} and, should the test JVM die first, by a shutdown hook.
 *
 * <pre>{@code
 * try (StandaloneFlinkCluster flink = StandaloneFlinkCluster.start(dir, 2)) {
 *     flink.startTaskManager();
 *     URI rest = flink.restUrl();
 * }
 * }</pre>
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

    /** What {@code taskmanager.sh} computes with BashJavaUtils, fixed here for a small TaskManager. */
    private static final String TASK_HEAP = "256m";
    private static final String MANAGED = "96m";
    private static final String FRAMEWORK_HEAP = "64m";
    private static final String FRAMEWORK_OFF_HEAP = "128m";
    private static final String NETWORK = "64m";
    private static final String METASPACE = "256m";
    private static final String OVERHEAD = "64m";

    /** Artifacts the jobs jar ships (or test-only ones): never on the cluster's own class path. */
    private static final List<String> NOT_ON_CLUSTER = List.of("/dev/lakestation/", "/target/classes",
            "/target/test-classes", "/org/apache/parquet/", "/org/apache/hadoop/", "/org/apache/avro/",
            "/info/picocli/", "/com/cronutils/", "/org/duckdb/", "/io/nats/", "/org/junit/", "/org/assertj/",
            "/flink-parquet/", "/flink-avro/", "/flink-test-utils", "/flink-connector-test-utils/",
            "/com/networknt/", "/org/yaml/", "/graphql", "/protobuf",
            // a distribution hides Calcite in the planner loader; the jobs jar brings flink-sql-parser's own copy
            "/org/apache/calcite/", "/flink-sql-parser/", "/com/ibm/icu/", "/com/google/guava/",
            "/org/testcontainers/", "/com/github/docker-java/", "/junit/", "/org/hamcrest/", "/curator-test/",
            "/org/opentest4j/", "/org/rnorth/", "-tests.jar");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Path dir;
    private final int restPort;
    private final String classPath;
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Map<String, Process> taskManagers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread hook;
    private Process jobManager;

    private StandaloneFlinkCluster(Path dir, int restPort, String classPath) {
        this.dir = dir;
        this.restPort = restPort;
        this.classPath = classPath;
        this.hook = new Thread(this::stopAll, "stop-flink-cluster");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Writes the configuration and starts the JobManager; returns once its REST endpoint answers.
     *
     * @param slots task slots per TaskManager
     */
    public static StandaloneFlinkCluster start(Path dir, int slots) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("log"));
        int rpcPort = freePort();
        int restPort = freePort();
        String config = String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "blob.server.port: 0",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.rpc.port: 0",
                "taskmanager.data.port: 0",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.cpu.cores: " + slots,
                "taskmanager.memory.task.heap.size: " + TASK_HEAP,
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.managed.size: " + MANAGED,
                "taskmanager.memory.framework.heap.size: " + FRAMEWORK_HEAP,
                "taskmanager.memory.framework.off-heap.size: " + FRAMEWORK_OFF_HEAP,
                "taskmanager.memory.network.min: " + NETWORK,
                "taskmanager.memory.network.max: " + NETWORK,
                "taskmanager.memory.jvm-metaspace.size: " + METASPACE,
                "taskmanager.memory.jvm-overhead.min: " + OVERHEAD,
                "taskmanager.memory.jvm-overhead.max: " + OVERHEAD,
                "jobmanager.memory.process.size: 1g",
                // a killed TaskManager is noticed in seconds, and its tasks restarted elsewhere
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 6000",
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 5",
                "restart-strategy.fixed-delay.delay: 500 ms",
                "slot.request.timeout: 60000",
                "io.tmp.dirs: " + dir.resolve("tmp"),
                "web.tmpdir: " + dir.resolve("tmp"),
                "web.upload.dir: " + dir.resolve("upload"),
                "") ;
        Files.writeString(dir.resolve("conf/config.yaml"), config);
        Files.writeString(dir.resolve("conf/log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.type = File",
                "appender.file.name = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} - %m%n",
                ""));
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir, restPort, clusterClassPath());
        try {
            cluster.jobManager = cluster.launch("jobmanager", List.of("-Xms512m", "-Xmx512m"),
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            Await.until(Duration.ofSeconds(120), "the JobManager's REST endpoint on port " + restPort,
                    () -> {
                        cluster.checkAlive(cluster.jobManager, "jobmanager");
                        return cluster.get("/overview") != null;
                    });
        } catch (RuntimeException | Error | IOException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more TaskManager and waits until it registered with the JobManager. */
    public Process startTaskManager() throws IOException {
        java.util.Set<String> before = taskManagerIds();
        long heap = mebibytes(TASK_HEAP) + mebibytes(FRAMEWORK_HEAP);
        long direct = mebibytes(FRAMEWORK_OFF_HEAP) + mebibytes(NETWORK);
        String id = "tm-" + processes.size();
        Process tm = launch(id, List.of("-Xms" + heap + "m", "-Xmx" + heap + "m",
                "-XX:MaxDirectMemorySize=" + direct + "m", "-XX:MaxMetaspaceSize=" + METASPACE),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "-Dtaskmanager.resource-id=" + id);
        taskManagers.put(id, tm);
        // a killed TaskManager stays listed until its heartbeat times out: wait for a new id, not for a count
        Await.until(Duration.ofSeconds(120), "a new TaskManager registered with the JobManager", () -> {
            checkAlive(tm, "taskmanager");
            return !before.containsAll(taskManagerIds());
        });
        return tm;
    }

    /** SIGKILL, then waits for the process to be gone. */
    public static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + p.pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /** The processes' logs, for a failure message. */
    public String logs() {
        try (Stream<Path> s = Files.list(dir.resolve("log"))) {
            StringBuilder b = new StringBuilder();
            for (Path f : s.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                b.append("==== ").append(f.getFileName()).append('\n');
                lines.stream().filter(l -> l.contains("ERROR") || l.contains("WARN") || l.contains("Exception"))
                        .limit(40).forEach(l -> b.append(l).append('\n'));
            }
            return b.toString();
        } catch (IOException e) {
            return "(no logs: " + e + ")";
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs stopAll
        }
    }

    private synchronized void stopAll() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private java.util.Set<String> taskManagerIds() throws IOException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        String body = get("/taskmanagers");
        if (body != null) {
            for (com.fasterxml.jackson.databind.JsonNode tm : JSON.readTree(body).path("taskmanagers")) {
                ids.add(tm.path("id").asText());
            }
        }
        return ids;
    }

    /** The body of a 200 answer, else null. */
    private String get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) restUrl().resolve(path).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try {
                return c.getResponseCode() == 200
                        ? new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : null;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return null;
        }
    }

    private void checkAlive(Process p, String name) {
        if (!p.isAlive()) {
            throw new AssertionError(name + " exited with " + p.exitValue() + "\n" + logs());
        }
    }

    /** The TaskManager process running a task of {@code job} now, if any. */
    public java.util.Optional<Process> taskManagerRunning(org.apache.flink.api.common.JobID job) throws IOException {
        String details = get("/jobs/" + job);
        if (details == null) {
            return java.util.Optional.empty();
        }
        for (com.fasterxml.jackson.databind.JsonNode v : JSON.readTree(details).path("vertices")) {
            String vertex = get("/jobs/" + job + "/vertices/" + v.path("id").asText());
            if (vertex == null) {
                continue;
            }
            for (com.fasterxml.jackson.databind.JsonNode t : JSON.readTree(vertex).path("subtasks")) {
                Process p = taskManagers.get(t.path("taskmanager-id").asText());
                if (t.path("status").asText().equals("RUNNING") && p != null) {
                    return java.util.Optional.of(p);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private synchronized Process launch(String name, List<String> memory, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(memory);
        // Flink's Java 17 --add-opens/--add-exports list: the one surefire's argLine gave this JVM (parent pom)
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")).toList());
        cmd.add("-Dlog.file=" + dir.resolve("log/" + name + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + dir.resolve("conf/log4j2.properties").toUri());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(dir.resolve("conf").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/" + name + ".out").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private static String clusterClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> NOT_ON_CLUSTER.stream().noneMatch(x -> e.replace('\\', '/').contains(x)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static long mebibytes(String size) {
        return Long.parseLong(size.substring(0, size.length() - 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
