package dev.lakestation.benchmarks.sink;

import dev.lakestation.benchmarks.Stopwatch;

import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.RunResult;
import dev.lakestation.benchmarks.StationStreams;
import dev.lakestation.benchmarks.ThroughputBenchmark;
import dev.lakestation.connector.sink.MemphisSink;
import dev.lakestation.connector.sink.MemphisSinkBuilder;
import dev.lakestation.connector.sink.MemphisSinkOptions;
import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * MemphisSink throughput: a bounded Flink job (generator → MemphisSink, chained) on a local
 * MiniCluster publishes {@code --messages} payloads to a station; time = the job's net runtime
 * (deploy to finish, including the final checkpoint and, for EXACTLY_ONCE, the last commit). The
 * stored count is checked after each run. Compare with {@code raw-publish} at the same window,
 * partitions and threads = parallelism.
 */
@Command(name = "sink", description = "MemphisSink (Flink) publish throughput, AT_LEAST_ONCE or EXACTLY_ONCE.")
public final class SinkThroughput extends ThroughputBenchmark {
    @Option(names = "--parallelism", description = "Sink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 1;

    @Option(names = "--guarantee", description = "NONE, AT_LEAST_ONCE or EXACTLY_ONCE (default: ${DEFAULT-VALUE}).")
    DeliveryGuarantee guarantee = DeliveryGuarantee.AT_LEAST_ONCE;

    @Option(names = "--checkpoint-interval", description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    long checkpointIntervalMs = 1000;

    @Option(names = "--message-ids", description = "EXACTLY_ONCE through a MessageIdExtractor (direct publishing "
            + "with deterministic ids) instead of the write-ahead committer.")
    boolean messageIds;

    @Option(names = "--committer-background", description = "Write-ahead EXACTLY_ONCE: publish committed batches in "
            + "the background (memphis.sink.committer.background-publish=true) instead of inside the commit call.")
    boolean committerBackground;

    @Override
    protected String describe() {
        return "p=" + parallelism + ", " + guarantee + ", " + options.partitions + " partition(s), checkpoint "
                + checkpointIntervalMs + " ms, ≤" + options.maxInFlight + " in flight"
                + (messageIds ? ", message ids" : "")
                + (committerBackground ? ", background commit" : "")
                + (guarantee == DeliveryGuarantee.EXACTLY_ONCE && !messageIds ? " (committer ≤"
                        + MemphisSinkOptions.COMMITTER_MAX_IN_FLIGHT.defaultValue() + ")" : "")
                + ", " + options.storage;
    }

    @Override
    protected String baseline() {
        return "raw-publish";
    }

    @Override
    protected RunResult runOnce(BenchContext ctx, int messages, int run) throws Exception {
        String station = "sinkbench" + run;
        try (Connection nc = ctx.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StationStreams.create(jsm, station, options.partitions, options.storage);

            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            // write-ahead EXACTLY_ONCE keeps a checkpoint interval of records in state: file-backed checkpoints
            Path checkpoints = Files.createTempDirectory("sink-bench-checkpoints");
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            env.enableCheckpointing(checkpointIntervalMs);
            byte[] payload = ctx.payload();
            // the element is the generator index (a deterministic id when --message-ids); the payload is fixed
            DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, messages,
                    RateLimiterStrategy.noOp(), Types.LONG);
            MemphisSinkBuilder<Long> sink = MemphisSink.<Long>builder()
                            .setOptions(MemphisOptions.builder()
                                    .host(ctx.server().host()).port(ctx.server().port())
                                    .username("bench").connectionToken(BenchContext.TOKEN)
                                    .controlPlane(ControlPlane.JETSTREAM).build())
                            .setStation(station)
                            .setValueSerializer(i -> payload)
                            .setDeliveryGuarantee(guarantee)
                            .setMaxInFlight(options.maxInFlight)
                            .setConfig(MemphisSinkOptions.EXPECTED_RECOVERY_TIME, Duration.ofSeconds(10));
            if (committerBackground) {
                sink.setConfig(MemphisSinkOptions.COMMITTER_BACKGROUND, true);
            }
            if (messageIds) {
                sink.setMessageIdExtractor(i -> "bench-" + run + "-" + i);
            }
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "records").sinkTo(sink.build());
            Stopwatch stopwatch = Stopwatch.start();
            JobExecutionResult result = env.execute("sink benchmark " + run);
            Stopwatch.Elapsed measured = stopwatch.stop();
            // wall time = the job's net runtime; CPU columns = the whole execute call (an upper bound)
            Stopwatch.Elapsed elapsed = new Stopwatch.Elapsed(result.getNetRuntime() * 1_000_000L,
                    measured.jvmCpuNanos(), measured.serverCpuNanos());

            long stored = StationStreams.count(jsm, station, options.partitions);
            if (stored != messages) {
                throw new IllegalStateException("stored " + stored + " messages, the job wrote " + messages);
            }
            StationStreams.delete(jsm, station, options.partitions);
            return new RunResult(messages, (long) messages * payload.length, elapsed, null);
        }
    }
}
