package dev.lakestation.jobs.runner;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A {@link FlinkRunner} on the MiniCluster of a test's {@code MiniClusterExtension} (its context environment), so a
 * test can fail TaskManagers under a running load. Jobs are followed as under {@code flink run}
 * ({@link ContextFlinkRunner.ClientJob}).
 */
public final class TestClusterRunner implements FlinkRunner {

    private final int parallelism;

    public TestClusterRunner(int parallelism) {
        this.parallelism = parallelism;
    }

    @Override
    public StreamExecutionEnvironment environment() {
        Configuration c = new Configuration();
        c.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(parallelism);
        return env;
    }

    @Override
    public RunningJob submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        return new ContextFlinkRunner.ClientJob(env.executeAsync(jobName));
    }

    @Override
    public void close() {
        // the extension owns the cluster
    }
}
