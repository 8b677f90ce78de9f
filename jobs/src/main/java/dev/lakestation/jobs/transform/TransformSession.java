package dev.lakestation.jobs.transform;

import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.RunningJob;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TablePipeline;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The Flink SQL session transform tasks run in, and where their jobs execute. {@link #on(FlinkRunner)} binds the
 * session to the command's runner: the SQL is planned here and its job graph submitted through the runner — to the
 * same MiniCluster the loads use ({@code lakestation run}, {@code transform --all}), or to the cluster of
 * {@code flink run} ({@code ContextFlinkRunner}) — instead of a local cluster started per query.
 *
 * <pre>{@code
 * try (FlinkRunner flink = LocalFlinkRunner.start(2)) {
 *     TransformJob job = new TransformJob(TransformSession.on(flink));
 *     job.run(project, "kpi.revenue_summary", Map.of(), staging);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one task at a time.
 */
public final class TransformSession {

    private final TableEnvironment tEnv;
    private final StreamExecutionEnvironment env;
    private final FlinkRunner runner;
    private final Duration created;
    /** The session's options when it was created (the environment's, then the session's own). */
    private final java.util.Map<String, String> startOptions;

    private TransformSession(TableEnvironment tEnv, StreamExecutionEnvironment env, FlinkRunner runner,
            Duration created) {
        this.tEnv = tEnv;
        this.env = env;
        this.runner = runner;
        this.created = created;
        java.util.Map<String, String> start = new java.util.HashMap<>();
        if (tEnv.getConfig().getRootConfiguration() instanceof Configuration root) {
            start.putAll(root.toMap());
        }
        start.putAll(tEnv.getConfig().getConfiguration().toMap());
        this.startOptions = java.util.Map.copyOf(start);
    }

    /**
     * An option's value when the session was created, if it had one. (Its live root configuration is the execution
     * environment's, into which Flink copies the session's options at every job, so it cannot tell.)
     */
    java.util.Optional<String> startOption(String key) {
        return java.util.Optional.ofNullable(startOptions.get(key));
    }

    /** A batch session whose jobs run on {@code runner}, with the batch plan options of {@link #tuning(int)}. */
    public static TransformSession on(FlinkRunner runner) {
        long t0 = System.nanoTime();
        StreamExecutionEnvironment env = runner.environment();
        Configuration tuning = tuning(env.getParallelism());
        env.configure(tuning);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env,
                EnvironmentSettings.newInstance().inBatchMode().withConfiguration(tuning).build());
        return new TransformSession(tEnv, env, runner, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * A session over any batch {@link TableEnvironment}; its jobs run wherever that environment executes (for
     * {@link TransformJob#localBatchEnvironment(int)}: a local cluster per query).
     */
    public static TransformSession of(TableEnvironment tEnv) {
        return new TransformSession(tEnv, null, null, Duration.ZERO);
    }

    /**
     * Options for the transform jobs: the SQL operators at the runner's parallelism, and rows reused between
     * chained operators. Flink SQL's batch operators are written for reuse (what they keep — hash tables, sort
     * buffers — they hold serialized); without it every row was deep-copied at each chained operator, about a
     * third of the scan-join-aggregate thread's samples in a JFR profile (issue 11). Pipelined and hybrid exchanges
     * ({@code execution.batch-shuffle-mode}) were tried too: the batch scheduler fails the job with them.
     */
    static Configuration tuning(int parallelism) {
        Configuration c = new Configuration();
        c.setString("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        c.set(PipelineOptions.OBJECT_REUSE, true);
        return c;
    }

    public TableEnvironment tableEnvironment() {
        return tEnv;
    }

    /** How long creating the session took (planner start-up). */
    Duration created() {
        return created;
    }

    /**
     * Runs {@code pipeline} (an INSERT into the task's staging sink) to its end.
     *
     * @return the planning (optimisation, translation), cluster start and execution times
     */
    Timed execute(TablePipeline pipeline, String jobName) throws Exception {
        long t0 = System.nanoTime();
        if (runner == null) {
            pipeline.execute().await();
            return new Timed(Duration.ZERO, Duration.ZERO, Duration.ofNanos(System.nanoTime() - t0));
        }
        StreamStatementSet set = ((StreamTableEnvironment) tEnv).createStatementSet();
        set.add(pipeline);
        set.attachAsDataStream();            // optimise and translate now, the job graph is built by the runner
        long t1 = System.nanoTime();
        runner.awaitReady();
        long t2 = System.nanoTime();
        RunningJob job = runner.submit(env, jobName);
        job.await(Duration.ofDays(365));
        return new Timed(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(System.nanoTime() - t2));
    }

    record Timed(Duration planning, Duration clusterStart, Duration execution) {
    }
}
