package dev.lakestation.benchmarks.synadia;

import dev.lakestation.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.synadia.flink.message.Utf8StringSinkConverter;
import io.synadia.flink.sink.JetStreamSink;
import io.synadia.flink.sink.JetStreamSinkBuilder;
import io.synadia.flink.source.AckBehavior;
import io.synadia.flink.source.JetStreamSource;
import io.synadia.flink.source.JetStreamSourceBuilder;
import io.synadia.flink.source.JetStreamSubjectConfiguration;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of synadia's flink-connector-nats 2.1.4 (Flink 1.20) on the same data shape as the
 * Lakestation benchmarks: N messages of S bytes in K partition streams ({@code bench$1..K}, data on
 * {@code bench$p.final}, the Memphis layout), parallelism P, checkpoint every second.
 *
 * <pre>
 * java -jar benchmarks-synadia/target/benchmarks-synadia.jar source --messages 1000000 --partitions 4 --parallelism 2 --ack NoAck
 * java -jar benchmarks-synadia/target/benchmarks-synadia.jar sink --messages 200000 --parallelism 1
 * </pre>
 *
 * Source throughput counts from the first to the last record seen by the job (job start-up excluded),
 * exactly as the Lakestation source benchmark does. A run that does not finish within the timeout is
 * reported as stalled, with the count reached.
 */
public final class SynadiaBench {
    private SynadiaBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: source|sink [--messages N] [--size BYTES] [--partitions K] [--parallelism P]"
                    + " [--ack NoAck|AckAll] [--timeout-seconds T]");
            System.exit(2);
        }
        String mode = args[0];
        long messages = longArg(args, "--messages", 1_000_000);
        int size = (int) longArg(args, "--size", 100);
        int partitions = (int) longArg(args, "--partitions", 1);
        int parallelism = (int) longArg(args, "--parallelism", 1);
        long timeout = longArg(args, "--timeout-seconds", 300);
        String ack = stringArg(args, "--ack", "NoAck");
        try (NatsServer server = NatsServer.builder().build().start()) {
            Result r = switch (mode) {
                case "source" -> source(server, messages, size, partitions, parallelism, AckBehavior.valueOf(ack), timeout);
                case "sink" -> sink(server, messages, size, parallelism, timeout);
                default -> throw new IllegalArgumentException("unknown benchmark " + mode);
            };
            System.out.println("| benchmark | messages | size | partitions | parallelism | mode | msgs/s | MB/s | note |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| synadia-%s | %d | %d | %d | %d | %s | %,.0f | %.1f | %s |%n",
                    mode, r.count, size, partitions, parallelism, mode.equals("source") ? ack : "sync publish",
                    r.msgsPerSecond(), r.msgsPerSecond() * size / 1e6, r.note);
            System.out.println("command: java -jar benchmarks-synadia/target/benchmarks-synadia.jar " + String.join(" ", args));
        }
    }

    private static Result source(NatsServer server, long messages, int size, int partitions, int parallelism,
            AckBehavior ack, long timeoutSeconds) throws Exception {
        long perPartition = messages / partitions;
        try (Connection nc = Nats.connect(server.natsUrl())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            for (int p = 1; p <= partitions; p++) {
                jsm.addStream(StreamConfiguration.builder().name("bench$" + p).subjects("bench$" + p + ".>")
                        .storageType(StorageType.File).build());
                publish(nc.jetStream(), "bench$" + p + ".final", perPartition, size);
            }
        }
        List<JetStreamSubjectConfiguration> configs = new ArrayList<>();
        for (int p = 1; p <= partitions; p++) {
            configs.add(JetStreamSubjectConfiguration.builder().streamName("bench$" + p).subject("bench$" + p + ".final")
                    .maxMessagesToRead(perPartition).ackBehavior(ack).build());
        }
        JetStreamSource<byte[]> source = new JetStreamSourceBuilder<byte[]>()
                .connectionProperties(props(server))
                .sourceConverter(new RawBytesConverter())
                .setSubjectConfigurations(configs)
                .build();
        Counter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(1000);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "synadia-jetstream-source")
                .map(new Counter()).name("count")
                .sinkTo(new DiscardingSink<>());
        return runBounded(env, perPartition * partitions, timeoutSeconds, true);
    }

    private static Result sink(NatsServer server, long messages, int size, int parallelism, long timeoutSeconds)
            throws Exception {
        try (Connection nc = Nats.connect(server.natsUrl())) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("sink$1").subjects("sink$1.>")
                    .storageType(StorageType.File).build());
        }
        JetStreamSink<String> sink = new JetStreamSinkBuilder<String>()
                .connectionProperties(props(server))
                .sinkConverter(new Utf8StringSinkConverter())
                .subjects("sink$1.final")
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(1000);
        String pad = "x".repeat(Math.max(0, size - 20));
        env.fromSequence(1, messages).map(i -> String.format("%019d", i) + pad).returns(String.class)
                .sinkTo(sink).name("synadia-jetstream-sink");
        Result r = runBounded(env, messages, timeoutSeconds, false);
        try (Connection nc = Nats.connect(server.natsUrl())) {
            long stored = nc.jetStreamManagement().getStreamInfo("sink$1").getStreamState().getMsgCount();
            return new Result(stored, r.nanos, r.note + (stored == messages ? "" : " stored " + stored + " of " + messages));
        }
    }

    private static Result runBounded(StreamExecutionEnvironment env, long expected, long timeoutSeconds,
            boolean firstToLast) throws Exception {
        long start = System.nanoTime();
        JobClient job = env.executeAsync("synadia-bench");
        CompletableFuture<?> done = job.getJobExecutionResult();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!done.isDone() && System.nanoTime() < deadline) {
            if (firstToLast && Counter.COUNT.get() >= expected) {
                break;
            }
            try {
                done.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // poll again until the deadline
            }
        }
        long end = System.nanoTime();
        if (firstToLast) {
            long count = Counter.COUNT.get();
            boolean complete = count >= expected;
            job.cancel().exceptionally(t -> null).get(30, TimeUnit.SECONDS);
            long nanos = Math.max(1, Counter.LAST.get() - Counter.FIRST.get());
            return new Result(count, nanos, complete ? "" : "stalled at " + count + " of " + expected
                    + " after " + Duration.ofNanos(end - start).toSeconds() + " s");
        }
        if (!done.isDone()) {
            job.cancel().exceptionally(t -> null).get(30, TimeUnit.SECONDS);
            return new Result(0, end - start, "timed out after " + timeoutSeconds + " s");
        }
        done.get();
        return new Result(expected, end - start, "job wall time incl. start-up");
    }

    private static void publish(JetStream js, String subject, long count, int size) throws Exception {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        ArrayDeque<CompletableFuture<PublishAck>> window = new ArrayDeque<>();
        for (long i = 0; i < count; i++) {
            window.add(js.publishAsync(subject, payload));
            if (window.size() >= 1000) {
                window.poll().get(30, TimeUnit.SECONDS);
            }
        }
        for (CompletableFuture<PublishAck> f : window) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static Properties props(NatsServer server) {
        Properties p = new Properties();
        p.setProperty("io.nats.client.url", server.natsUrl());
        return p;
    }

    private static long longArg(String[] args, String name, long dflt) {
        String v = stringArg(args, name, null);
        return v == null ? dflt : Long.parseLong(v);
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    private record Result(long count, long nanos, String note) {
        double msgsPerSecond() {
            return count / (nanos / 1e9);
        }
    }
}
