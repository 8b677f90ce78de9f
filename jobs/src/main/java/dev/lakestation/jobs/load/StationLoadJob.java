package dev.lakestation.jobs.load;

import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.MemphisSourceBuilder;
import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.TableValidator;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink job of one table loaded from a Memphis station: {@link MemphisSource} (one split per partition, acks
 * on checkpoint completion) with {@link StationPayloads} (decode + validate, as {@link SplitRows} does for files)
 * → the file load's own {@link TableLoadJob#routeAndWrite} ({@link LoadRouter}, Parquet {@code FileSink}s). STREAMING
 * mode with checkpoints, bounded or not: the sinks finish their files when a checkpoint completes, the source acks
 * that checkpoint's messages then; {@link StationLoad} commits finished files to the table. Protocol:
 * {@code jobs/docs/station-load.md}.
 *
 * <pre>{@code
 * StationLoadJob.build(env, new StationLoadJob.Spec(ref, "sales", "orders", "orders", "lakestation.sales.orders",
 *         options, true, Duration.ofSeconds(2), streamDir, rejectedDir, "run-42", Instant.now(), 2, -1,
 *         checkpointDir, null));
 * }</pre>
 */
public final class StationLoadJob {

    /** Table option naming the table's station. */
    public static final String STATION_OPTION = "memphis.station";
    /** Table option naming the consumer group (default {@code lakestation.<domain>.<table>}). */
    public static final String GROUP_OPTION = "memphis.group";
    /** Table option {@code record} (default: one message = one record) or {@code file} (one message = a file). */
    public static final String PAYLOAD_OPTION = "memphis.payload";

    /**
     * @param staging         the table's stream folder (the accepted rows' FileSink base)
     * @param rejectedStaging the rejected rows' FileSink base
     * @param maxRejected     rejected rows kept (explicit {@code audit.maxErrors}), -1 = all
     * @param checkpoints     Flink's checkpoint folder (retained checkpoints, {@link RetainedCheckpoints})
     * @param restoreFrom     a retained checkpoint of an earlier job of this table and group to restore, or null
     */
    public record Spec(ProjectRef project, String domain, String table, String station, String group,
                       MemphisOptions connection, boolean bounded, Duration checkpointInterval, Path staging,
                       Path rejectedStaging, String jobId, Instant loadTime, int parallelism, long maxRejected,
                       Path checkpoints, Path restoreFrom) {
    }

    /**
     * Test-only system property, inert unless set: the path of a marker file. {@link StationWindowHook} then blocks
     * the sinks' task right after a checkpoint's snapshot, so the checkpoint completes and the source acks it while
     * the sinks can never finish its files; see {@code StationLoadWindowITCase}.
     */
    public static final String WINDOW_HOOK_PROPERTY = "lakestation.test.station-window-hook";

    private StationLoadJob() {
    }

    public static void build(StreamExecutionEnvironment env, Spec spec) {
        TableValidator tv = spec.project().validator(spec.domain(), spec.table());
        Table table = tv.table();
        boolean rejectWithValue = spec.project().project().settings().rejectWithValue();
        FormatSpec format = FormatSpec.of(table, TableLoadJob.needsFieldNames(table))
                .withKeepRawText(rejectWithValue)
                .withPayloadIsFile(payloadIsFile(table));
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        // Durable checkpoints, kept when the job is cancelled or fails (and, trivially, when the JVM dies): a
        // checkpoint whose messages are acked may still hold unfinished part files; the next load restores it.
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, spec.checkpoints().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1);
        if (spec.restoreFrom() != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, spec.restoreFrom().toString());
        }
        env.configure(conf);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.enableCheckpointing(spec.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getConfig().enableObjectReuse();
        env.setParallelism(spec.parallelism());

        MemphisSourceBuilder<LoadRow> builder = MemphisSource.<LoadRow>builder()
                .setConfig(sourceOptions(table))
                .setOptions(spec.connection())
                .setStations(spec.station())
                .setConsumerGroup(spec.group())
                .setDeserializer(new StationPayloads(spec.project().model(spec.domain(), spec.table()), format,
                        rejectWithValue));
        MemphisSource<LoadRow> source = (spec.bounded() ? builder.setBounded() : builder.setUnbounded()).build();
        // uids keep the operators' state addressable by a restored job (RetainedCheckpoints)
        DataStream<LoadRow> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                "read station " + spec.station() + " → " + spec.domain() + "." + spec.table()).uid("station-source");
        String hook = System.getProperty(WINDOW_HOOK_PROPERTY);
        java.util.function.UnaryOperator<DataStream<org.apache.avro.generic.GenericRecord>> beforeTableSink =
                hook == null || hook.isBlank() ? java.util.function.UnaryOperator.identity()
                        : accepted -> accepted.map(new StationWindowHook(hook)).returns(accepted.getType())
                                .uid("station-window-hook").name("test hook: hold the table sink after a checkpoint")
                                .startNewChain();
        TableLoadJob.routeAndWrite(rows, tv, spec.jobId(), spec.domain(), spec.table(), spec.loadTime(),
                spec.staging(), spec.rejectedStaging(), spec.maxRejected(), true, beforeTableSink);
    }

    /** The table's station, or null when it loads from files. */
    public static String station(Table table) {
        String s = table.metadata().resolveOptions().get(STATION_OPTION);
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The table's consumer group: {@code memphis.group}, else {@code lakestation.<domain>.<table>} (lower case). */
    public static String group(String domain, Table table) {
        String g = table.metadata().resolveOptions().get(GROUP_OPTION);
        if (g != null && !g.isBlank()) {
            return g.trim();
        }
        return ("lakestation." + domain + "." + table.name()).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The table's {@code memphis.source.*} options (connector-source's {@code MemphisSourceOptions}, e.g.
     * {@code memphis.source.max-ack-time: "30 s"}), handed to the source as they are; the connection, station
     * and group are the load's.
     */
    static Configuration sourceOptions(Table table) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        table.metadata().resolveOptions().forEach((k, v) -> {
            if (k.startsWith(SOURCE_OPTION_PREFIX)) {
                out.put(k, v);
            }
        });
        return Configuration.fromMap(out);
    }

    /** Table options with this prefix configure the {@code MemphisSource}. */
    public static final String SOURCE_OPTION_PREFIX = "memphis.source.";

    static boolean payloadIsFile(Table table) {
        String p = table.metadata().resolveOptions().getOrDefault(PAYLOAD_OPTION, "record").trim();
        return switch (p.toLowerCase(java.util.Locale.ROOT)) {
            case "record" -> false;
            case "file" -> true;
            default -> throw new IllegalArgumentException("table " + table.name() + ": " + PAYLOAD_OPTION + " is '"
                    + p + "'; use record (one message = one record) or file (one message = a whole file)");
        };
    }
}
