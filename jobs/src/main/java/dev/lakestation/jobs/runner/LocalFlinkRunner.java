package dev.lakestation.jobs.runner;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.program.MiniClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.ResourceManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink MiniCluster in this JVM for a whole command: started once, every job of the command submitted to it
 * (a MiniCluster start costs about a second; a load of ten tables should not pay it ten times).
 */
public final class LocalFlinkRunner implements FlinkRunner {

    private final CompletableFuture<MiniCluster> cluster;
    private final Configuration config;
    private final int parallelism;
    private final MiniClusterExecutor executor;
    private volatile MiniClusterClient client;

    private LocalFlinkRunner(CompletableFuture<MiniCluster> cluster, Configuration config, int parallelism) {
        this.cluster = cluster;
        this.config = config;
        this.parallelism = parallelism;
        this.executor = new MiniClusterExecutor(this::cluster);
    }

    /** Starts a MiniCluster with {@code parallelism} task slots (one TaskManager). */
    public static LocalFlinkRunner start(int parallelism) {
        return start(parallelism, new Configuration());
    }

    /**
     * As {@link #start(int)}, with {@code extra} settings added to the cluster's configuration (e.g. a metrics
     * reporter: {@code metrics.reporter.<name>.factory.class}).
     */
    public static LocalFlinkRunner start(int parallelism, Configuration extra) {
        Configuration config = configuration(parallelism);
        config.addAll(extra);
        return new LocalFlinkRunner(CompletableFuture.completedFuture(startCluster(parallelism, config)), config,
                parallelism);
    }

    /**
     * Starts the MiniCluster on a background thread and returns at once: a command plans its first SQL job (about
     * a second of CPU) while the cluster starts (about as long); the first submission waits for the cluster.
     * A start failure surfaces at that submission.
     */
    public static LocalFlinkRunner starting(int parallelism) {
        CompletableFuture<MiniCluster> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(startCluster(parallelism, configuration(parallelism)));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "lakestation-minicluster-start");
        t.setDaemon(true);
        t.start();
        return new LocalFlinkRunner(future, configuration(parallelism), parallelism);
    }

    private static Configuration configuration(int parallelism) {
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        config.set(RestOptions.BIND_PORT, "0");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        // One user-facing failure: a bad file fails its table once, not after a retry storm.
        config.setString("restart-strategy.type", "none");
        // Every job asks for its slots anew (a finished job's JobMaster returns them), and each ask waited for two
        // batching delays (the JobMaster's 20 ms, the slot manager's 50 ms): 70-100 ms per stage that needs a new
        // slot, about 0.15 s of a warm transform (issue 11). A single local TaskManager has nothing to batch.
        config.set(ResourceManagerOptions.REQUIREMENTS_CHECK_DELAY, Duration.ZERO);
        config.set(JobManagerOptions.SLOT_REQUEST_MAX_INTERVAL, Duration.ZERO);
        return config;
    }

    private static MiniCluster startCluster(int parallelism, Configuration config) {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local Flink MiniCluster: "
                    + JobFailedException.rootMessage(e), e);
        }
        return cluster;
    }

    /** The running cluster (waits while it is starting). */
    MiniCluster cluster() {
        try {
            return cluster.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void awaitReady() {
        cluster();
    }

    private MiniClusterClient client() {
        MiniClusterClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = new MiniClusterClient(config, cluster());
                }
                c = client;
            }
        }
        return c;
    }

    public int parallelism() {
        return parallelism;
    }

    /**
     * A BATCH environment whose {@code execute}/{@code executeAsync} run on this runner's MiniCluster — what
     * {@link #submit} does with it, and what a Table API session built on it does for {@code executeSql}.
     */
    @Override
    public StreamExecutionEnvironment environment() {
        Configuration c = MiniClusterExecutor.target(new Configuration());
        c.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(executor, c,
                Thread.currentThread().getContextClassLoader());
        env.setParallelism(parallelism);
        return env;
    }

    @Override
    public RunningJob submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        var graph = env.getStreamGraph();
        graph.setJobName(jobName);
        if (graph.getOptionalJobId().isEmpty()) {
            graph.setJobId(JobID.generate());
        }
        JobID id = client().submitJob(graph).get();
        return new Local(id);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        try {
            cluster().close();
        } catch (Exception e) {
            // shutting down: nothing left to protect
        }
    }

    private final class Local implements RunningJob {
        private final JobID id;

        Local(JobID id) {
            this.id = id;
        }

        @Override
        public JobID id() {
            return id;
        }

        @Override
        public Map<String, Object> accumulators() {
            try {
                return client().getAccumulators(id, LocalFlinkRunner.class.getClassLoader()).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                return Map.of();
            }
        }

        @Override
        public Optional<Map<String, Object>> await(Duration timeout) throws JobFailedException, InterruptedException {
            JobResult result;
            try {
                result = client().requestJobResult(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new JobFailedException(JobFailedException.rootMessage(e), e);
            }
            if (!result.isSuccess()) {
                Throwable cause = result.getSerializedThrowable()
                        .map(t -> t.deserializeError(LocalFlinkRunner.class.getClassLoader()))
                        .orElse(null);
                String message = cause == null ? "job " + result.getJobStatus().map(Object::toString).orElse("failed") : JobFailedException.rootMessage(cause);
                throw new JobFailedException(message, cause);
            }
            try {
                return Optional.of(result.toJobExecutionResult(LocalFlinkRunner.class.getClassLoader())
                        .getAllAccumulatorResults());
            } catch (Exception e) {
                throw new JobFailedException(JobFailedException.rootMessage(e), e);
            }
        }

        @Override
        public void cancel() {
            client().cancel(id);
        }
    }
}
