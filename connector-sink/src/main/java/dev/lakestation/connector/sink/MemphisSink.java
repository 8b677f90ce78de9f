package dev.lakestation.connector.sink;

import dev.lakestation.connector.sink.committer.CommitHandoff;
import dev.lakestation.connector.sink.committer.MemphisCommittable;
import dev.lakestation.connector.sink.committer.MemphisCommittableSerializer;
import dev.lakestation.connector.sink.committer.MemphisCommitter;
import dev.lakestation.connector.sink.internal.IdempotencyWindowGuard;
import dev.lakestation.connector.sink.internal.PartitionRouter;
import dev.lakestation.connector.sink.internal.SinkSession;
import dev.lakestation.connector.sink.internal.SinkSettings;
import dev.lakestation.connector.sink.internal.StationDirectory;
import dev.lakestation.connector.sink.writer.MemphisWriter;
import dev.lakestation.connector.sink.writer.RecordConverter;
import dev.lakestation.connector.sink.writer.SchemaGate;
import dev.lakestation.connector.sink.writer.WriteAheadWriter;
import dev.lakestation.connector.sink.writer.WriterMetrics;
import java.io.IOException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Flink Sink V2 writing to Memphis stations.
 *
 * <pre>{@code
 * MemphisSink<String> sink = MemphisSink.<String>builder()
 *         .setOptions(MemphisOptions.builder().host("broker").username("root").connectionToken("t").build())
 *         .setStation("orders")
 *         .setValueSerializer(MemphisSerializers.string())
 *         .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *         .build();
 * stream.sinkTo(sink);
 * }</pre>
 *
 * <p>NONE and AT_LEAST_ONCE publish from the writer; AT_LEAST_ONCE waits for every PubAck before a
 * checkpoint completes. EXACTLY_ONCE buffers each checkpoint's records and publishes them from the
 * committer after the checkpoint completes, with message ids the broker deduplicates (write-ahead);
 * with a {@link MessageIdExtractor} it publishes from the writer with the user's ids instead. See the
 * module README for what each guarantee holds and its limits.
 */
@PublicEvolving
public class MemphisSink<T> implements Sink<T>, SupportsCommitter<MemphisCommittable>, SupportsPreWriteTopology<T> {
    private static final long serialVersionUID = 1L;

    private final SinkSettings<T> settings;
    /** Captured from the job while the topology is built; -1 when checkpointing is off or unknown. */
    private long checkpointIntervalMs = -1;
    /** Pairs this sink's writers with its committers inside a task (see CommitHandoff). */
    private final String sinkId = java.util.UUID.randomUUID().toString();

    MemphisSink(SinkSettings<T> settings) {
        this.settings = settings;
    }

    public static <T> MemphisSinkBuilder<T> builder() {
        return new MemphisSinkBuilder<>();
    }

    @Override
    public CommittingSinkWriter<T, MemphisCommittable> createWriter(WriterInitContext context) throws IOException {
        try {
            settings.serializer.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("cannot open the serialization schema: " + e.getMessage(), e);
        }
        SinkSession session = settings.sessions.open();
        try {
            DeliveryGuarantee guarantee = settings.guarantee();
            StationDirectory.FirstUseCheck check = guarantee == DeliveryGuarantee.EXACTLY_ONCE
                    ? new IdempotencyWindowGuard(settings.config, checkpointIntervalMs)
                    : station -> {};
            StationDirectory stations = new StationDirectory(session, check);
            int subtask = context.getTaskInfo().getIndexOfThisSubtask();
            SchemaGate gate = settings.config.get(MemphisSinkOptions.SCHEMA_VALIDATION)
                    ? new SchemaGate(session, stations, settings.config.get(MemphisSinkOptions.SCHEMA_FAILURE_ACTION),
                            settings.config.get(MemphisSinkOptions.PRODUCER_NAME))
                    : null;
            // the write-ahead writer validates itself: its dead letters are written by the committer
            RecordConverter<T> converter = new RecordConverter<>(settings.serializer, settings.station,
                    settings.stationSelector, settings.keyExtractor, settings.idExtractor,
                    new PartitionRouter(stations, subtask), settings.writeAhead() ? null : gate);
            if (settings.station != null) {
                stations.get(settings.station); // fail fast: missing station, too short idempotency window
            }
            WriterMetrics metrics = new WriterMetrics(context.metricGroup());
            if (settings.writeAhead()) {
                String prefix = settings.config.getOptional(MemphisSinkOptions.MESSAGE_ID_PREFIX)
                        .orElse(context.getJobInfo().getJobId().toHexString().substring(0, 16));
                long epoch = context.getRestoredCheckpointId().orElse(0L);
                return new WriteAheadWriter<>(session, converter, gate, metrics, prefix, subtask, epoch,
                        settings.config.get(MemphisSinkOptions.WRITE_AHEAD_MAX_BYTES), handoffKey(context));
            }
            return new MemphisWriter<>(settings, session, converter, metrics, context.getMailboxExecutor());
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public Committer<MemphisCommittable> createCommitter(CommitterInitContext context) {
        return new MemphisCommitter(settings.sessions, settings.config, context.metricGroup(), handoffKey(context));
    }

    @Override
    public SimpleVersionedSerializer<MemphisCommittable> getCommittableSerializer() {
        return new MemphisCommittableSerializer();
    }

    private String handoffKey(org.apache.flink.api.connector.sink2.InitContext context) {
        return CommitHandoff.key(sinkId, context.getJobInfo().getJobId().toHexString(),
                context.getTaskInfo().getIndexOfThisSubtask(), context.getTaskInfo().getAttemptNumber());
    }

    /** Reads the job's checkpoint interval for the idempotency window check; the stream is unchanged. */
    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        checkpointIntervalMs = input.getExecutionEnvironment().getCheckpointConfig().getCheckpointInterval();
        return input;
    }

    public DeliveryGuarantee getDeliveryGuarantee() {
        return settings.guarantee();
    }
}
