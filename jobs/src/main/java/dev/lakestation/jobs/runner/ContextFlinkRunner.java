package dev.lakestation.jobs.runner;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Jobs submitted to the cluster that runs this program: the runner in effect under
 * {@code flink run -c dev.lakestation.jobs.cli.LakestationCli lakestation-jobs.jar load ...}, where Flink hands the
 * program a context environment bound to its cluster.
 */
public final class ContextFlinkRunner implements FlinkRunner {

    private final int parallelism;

    private ContextFlinkRunner(int parallelism) {
        this.parallelism = parallelism;
    }

    /** The context runner when this program runs under {@code flink run}, else empty. */
    public static Optional<FlinkRunner> detect(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        return env instanceof StreamContextEnvironment ? Optional.of(new ContextFlinkRunner(parallelism))
                : Optional.empty();
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
        return new ClientJob(env.executeAsync(jobName));
    }

    @Override
    public void close() {
        // the cluster is not ours
    }

    /** A job followed through Flink's {@link JobClient}. */
    static final class ClientJob implements RunningJob {
        private final JobClient client;

        ClientJob(JobClient client) {
            this.client = client;
        }

        @Override
        public JobID id() {
            return client.getJobID();
        }

        @Override
        public Map<String, Object> accumulators() {
            try {
                return client.getAccumulators().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                return Map.of();
            }
        }

        @Override
        public Optional<Map<String, Object>> await(Duration timeout) throws JobFailedException, InterruptedException {
            try {
                return Optional.of(client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .getAllAccumulatorResults());
            } catch (TimeoutException e) {
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new JobFailedException(JobFailedException.rootMessage(e), e);
            }
        }

        @Override
        public void cancel() {
            client.cancel();
        }
    }
}
