package dev.lakestation.jobs.runner;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Executes every pipeline of an environment on one already running MiniCluster, so that whatever calls
 * {@code env.executeAsync()} — our loads, and Flink's Table API for {@code executeSql(INSERT ...)} — runs on the
 * command's cluster instead of starting a local cluster per job (Flink's {@code local} executor does that: about
 * 1.5 s a job).
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = new StreamExecutionEnvironment(new MiniClusterExecutor(() -> cluster), conf, loader);
 * StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode()).executeSql("INSERT ...").await();
 * }</pre>
 */
final class MiniClusterExecutor implements PipelineExecutorServiceLoader, PipelineExecutorFactory, PipelineExecutor {

    static final String NAME = "lakestation-minicluster";

    private final Supplier<MiniCluster> cluster;

    /** @param cluster the cluster, asked for at the first submission (it may still be starting before) */
    MiniClusterExecutor(Supplier<MiniCluster> cluster) {
        this.cluster = cluster;
    }

    /** The configuration an environment needs to pick this executor. */
    static Configuration target(Configuration c) {
        c.set(DeploymentOptions.TARGET, NAME);
        c.set(DeploymentOptions.ATTACHED, true);
        return c;
    }

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
        return Stream.of(NAME);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
        return true;
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return this;
    }

    @Override
    public CompletableFuture<JobClient> execute(Pipeline pipeline, Configuration configuration,
            ClassLoader userCodeClassloader) throws Exception {
        StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
        MiniCluster mc = cluster.get();
        return mc.submitJob(graph).thenApply(submitted -> new MiniClusterJobClient(submitted.getJobID(), mc,
                userCodeClassloader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }
}
