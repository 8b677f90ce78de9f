package dev.lakestation.jobs.runner;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where Lakestation's Flink jobs run: a local MiniCluster ({@link LocalFlinkRunner}) today, a Flink cluster over
 * REST next. A job is built on the environment {@link #environment()} returns and handed back to
 * {@link #submit(StreamExecutionEnvironment, String)}.
 *
 * <pre>{@code
 * try (FlinkRunner flink = LocalFlinkRunner.start(2)) {
 *     StreamExecutionEnvironment env = flink.environment();
 *     env.fromData(1, 2, 3).print();
 *     RunningJob job = flink.submit(env, "example");
 *     job.await();
 * }
 * }</pre>
 */
public interface FlinkRunner extends AutoCloseable {

    /** A fresh environment configured for this runner (BATCH runtime mode unless the caller changes it). */
    StreamExecutionEnvironment environment();

    /** Submits the job built on {@code env}; returns at once. */
    RunningJob submit(StreamExecutionEnvironment env, String jobName) throws Exception;

    /**
     * Waits until the runner can take jobs (a local MiniCluster started in the background); returns at once for a
     * running cluster.
     */
    default void awaitReady() {
    }

    /** Stops the runner (a local MiniCluster shuts down). */
    @Override
    void close();
}
