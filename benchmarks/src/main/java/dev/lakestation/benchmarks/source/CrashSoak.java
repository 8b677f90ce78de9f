package dev.lakestation.benchmarks.source;

import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.StationStreams;
import dev.lakestation.connector.sink.MemphisSink;
import dev.lakestation.connector.sink.MemphisSinkBuilder;
import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Soak test of exactly-once under broker crashes, as issue 8 ran it: a station of {@code --messages}
 * unique payloads → MemphisSource (group, checkpoints) → MemphisSink EXACTLY_ONCE (write-ahead, or
 * message ids) into another station, while nats-server (file storage) is killed with SIGKILL
 * {@code --kills} times and restarted on the same port and store after {@code --down-ms}. Prints
 * output / distinct / lost / duplicated per run. Not a throughput benchmark: it counts.
 *
 * <pre>
 * java $FLINK_OPTS -jar benchmarks/target/benchmarks.jar crash-soak --messages 300000 --kills 2 --runs 3
 * </pre>
 */
@Command(name = "crash-soak", description = "Exactly-once soak: source → sink EXACTLY_ONCE while nats-server is SIGKILLed.")
public final class CrashSoak implements Callable<Integer> {
    @Option(names = "--messages", description = "Unique input messages (default: ${DEFAULT-VALUE}).")
    int messages = 300_000;

    @Option(names = "--partitions", description = "Partitions of input and output station (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--parallelism", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--kills", description = "SIGKILLs per run, spread over the read (default: ${DEFAULT-VALUE}).")
    int kills = 2;

    @Option(names = "--down-ms", description = "How long the broker stays down per kill (default: ${DEFAULT-VALUE}).")
    long downMs = 3000;

    @Option(names = "--checkpoint-interval", description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    long checkpointMs = 1000;

    @Option(names = "--message-ids", description = "EXACTLY_ONCE with a MessageIdExtractor (payload) instead of the write-ahead committer.")
    boolean messageIds;

    @Option(names = "--runs", description = "Runs, each with a fresh server (default: ${DEFAULT-VALUE}).")
    int runs = 1;

    @Option(names = "--timeout-s", description = "Give up on a run after this long (default: ${DEFAULT-VALUE}).")
    long timeoutS = 600;

    @Override
    public Integer call() throws Exception {
        System.out.println("| run | input | output | distinct | lost | duplicated | kills | time s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        int bad = 0;
        for (int r = 1; r <= runs; r++) {
            long[] row = runOnce();
            System.out.printf("| %d | %,d | %,d | %,d | %,d | %,d | %d | %.1f |%n", r, messages, row[0], row[1],
                    messages - row[1], row[0] - row[1], row[2], row[3] / 1000.0);
            if (row[0] != messages || row[1] != messages) {
                bad++;
            }
        }
        System.out.println();
        System.out.println("crash-soak --messages " + messages + " --partitions " + partitions + " --parallelism "
                + parallelism + " --kills " + kills + " --down-ms " + downMs + " --checkpoint-interval " + checkpointMs
                + (messageIds ? " --message-ids" : "") + " --runs " + runs + "; " + java.time.Instant.now());
        return bad == 0 ? 0 : 1;
    }

    /** Returns output count, distinct, kills, millis. */
    private long[] runOnce() throws Exception {
        try (NatsServer server = NatsServer.builder().token(BenchContext.TOKEN).build().start()) {
            String in = "soak.in";
            String out = "soak.out";
            try (Connection nc = connect(server)) {
                JetStreamManagement jsm = nc.jetStreamManagement();
                StationStreams.create(jsm, in, partitions, "file");
                StationStreams.create(jsm, out, partitions, "file");
                fill(nc, in);
            }
            MemphisOptions mo = MemphisOptions.builder().host(server.host()).port(server.port()).username("root")
                    .connectionToken(BenchContext.TOKEN).controlPlane(ControlPlane.JETSTREAM).build();
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            env.enableCheckpointing(checkpointMs);
            MemphisSource<String> source = MemphisSource.<String>builder().setOptions(mo).setStations(in)
                    .setConsumerGroup("g").setDeserializer(MemphisDeserializers.string()).setUnbounded().build();
            MemphisSinkBuilder<String> sink = MemphisSink.<String>builder().setOptions(mo).setStation(out)
                    .setSerializer(s -> MemphisSinkRecord.builder(s.getBytes(StandardCharsets.UTF_8)).build())
                    .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);
            if (messageIds) {
                sink.setMessageIdExtractor(s -> s);
            }
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "in").map(s -> s).sinkTo(sink.build());
            long start = System.currentTimeMillis();
            JobClient job = env.executeAsync("crash-soak");
            int killed = 0;
            long deadline = start + TimeUnit.SECONDS.toMillis(timeoutS);
            long lastCount = -1;
            long stableSince = 0;
            try {
                while (System.currentTimeMillis() < deadline) {
                    long count = outputCount(server, out);
                    if (killed < kills && count >= (long) messages * (killed + 1) / (kills + 2)) {
                        server.kill();
                        killed++;
                        Thread.sleep(downMs); // the outage itself, not synchronisation
                        server.start();
                        continue;
                    }
                    if (count >= messages && killed == kills) {
                        if (count != lastCount) {
                            lastCount = count;
                            stableSince = System.currentTimeMillis();
                        } else if (System.currentTimeMillis() - stableSince > 10_000) {
                            break; // no more output for 10 s: late duplicates would have shown by now
                        }
                    }
                    Thread.sleep(200); // polling interval
                }
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
            long millis = System.currentTimeMillis() - start;
            Map<String, Integer> counts = readAll(server, out);
            long total = counts.values().stream().mapToLong(Integer::longValue).sum();
            return new long[] {total, counts.size(), killed, millis};
        }
    }

    private static Connection connect(NatsServer server) throws Exception {
        return Nats.connect(Options.builder().server(server.natsUrl()).token(BenchContext.TOKEN.toCharArray())
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(200)).build());
    }

    private void fill(Connection nc, String station) throws Exception {
        JetStream js = nc.jetStream();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            int p = i % partitions + 1;
            acks.add(js.publishAsync(StationNames.dataSubject(station, p), ("m-" + i).getBytes(StandardCharsets.UTF_8)));
            if (acks.size() == 5000) {
                for (CompletableFuture<PublishAck> a : acks) {
                    a.get();
                }
                acks.clear();
            }
        }
        for (CompletableFuture<PublishAck> a : acks) {
            a.get();
        }
    }

    private long outputCount(NatsServer server, String station) {
        if (!server.isRunning()) {
            return -1;
        }
        try (Connection nc = Nats.connect(Options.builder().server(server.natsUrl())
                .token(BenchContext.TOKEN.toCharArray()).maxReconnects(0).build())) {
            return StationStreams.count(nc.jetStreamManagement(), station, partitions);
        } catch (Exception e) {
            return -1;
        }
    }

    private Map<String, Integer> readAll(NatsServer server, String station) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection nc = connect(server)) {
            for (int p = 1; p <= partitions; p++) {
                String stream = StationNames.streamName(station, p);
                long n = nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
                IterableConsumer it = nc.getStreamContext(stream)
                        .createOrderedConsumer(new OrderedConsumerConfiguration()).iterate();
                for (long i = 0; i < n; i++) {
                    Message m = it.nextMessage(Duration.ofSeconds(10));
                    if (m == null) {
                        throw new IllegalStateException("output partition " + p + ": read " + i + " of " + n);
                    }
                    counts.merge(new String(m.getData(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
                it.stop();
                it.close();
            }
        }
        return counts;
    }
}
