package dev.lakestation.connector.sink.testutils;

import dev.lakestation.connector.sink.MemphisSink;
import dev.lakestation.connector.sink.serializer.MemphisSerializers;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.testframe.external.ExternalSystemDataReader;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkV2ExternalContext;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;
import org.apache.flink.streaming.api.CheckpointingMode;

/**
 * Connector-test-framework context: one fresh 3-partition station per test case; the sink's
 * guarantee follows the case's checkpointing mode; data is read back from every partition with
 * ordered consumers.
 */
public final class MemphisSinkExternalContext implements DataStreamSinkV2ExternalContext<String> {
    static final int PARTITIONS = 3;
    private static final AtomicInteger STATIONS = new AtomicInteger();

    private final MemphisOptions options;
    private final String station;
    private final TestStations stations;
    private final List<AutoCloseable> readers = new ArrayList<>();
    private boolean created;

    MemphisSinkExternalContext(NatsServerExtension nats) throws Exception {
        this.options = TestOptions.of(nats);
        String url = nats.natsUrl();
        this.station = "suite.station-" + STATIONS.incrementAndGet();
        this.stations = new TestStations(url);
    }

    private void ensureStation() {
        if (!created) {
            try {
                stations.create(station, PARTITIONS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            created = true;
        }
    }

    @Override
    public Sink<String> createSink(TestingSinkSettings settings) {
        ensureStation();
        DeliveryGuarantee guarantee = settings.getCheckpointingMode() == CheckpointingMode.EXACTLY_ONCE
                ? DeliveryGuarantee.EXACTLY_ONCE
                : DeliveryGuarantee.AT_LEAST_ONCE;
        return MemphisSink.<String>builder()
                .setOptions(options)
                .setStation(station)
                .setValueSerializer(MemphisSerializers.string())
                .setDeliveryGuarantee(guarantee)
                .build();
    }

    @Override
    public ExternalSystemDataReader<String> createSinkDataReader(TestingSinkSettings settings) {
        ensureStation();
        Reader reader = new Reader();
        readers.add(reader);
        return reader;
    }

    /** Reads all partitions from the start, returning what arrived since the last poll. */
    private final class Reader implements ExternalSystemDataReader<String> {
        private final List<JetStreamSubscription> subs = new ArrayList<>();

        Reader() {
            try {
                JetStream js = stations.connection().jetStream();
                for (int p = 1; p <= PARTITIONS; p++) {
                    subs.add(js.subscribe(StationNames.dataSubject(station, p), PushSubscribeOptions.builder()
                            .stream(StationNames.streamName(station, p)).ordered(true).build()));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public List<String> poll(Duration timeout) {
            List<String> out = new ArrayList<>();
            try {
                long deadline = System.nanoTime() + timeout.toNanos();
                boolean any = true;
                while (any && System.nanoTime() < deadline) {
                    any = false;
                    for (JetStreamSubscription sub : subs) {
                        Message m = sub.nextMessage(Duration.ofMillis(20));
                        while (m != null) {
                            any = true;
                            out.add(new String(m.getData(), StandardCharsets.UTF_8));
                            m = sub.nextMessage(Duration.ofMillis(5));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return out;
        }

        @Override
        public void close() {
            subs.forEach(s -> {
                try {
                    s.unsubscribe();
                } catch (RuntimeException ignored) {
                    // connection already closed
                }
            });
        }
    }

    @Override
    public List<String> generateTestData(TestingSinkSettings settings, long seed) {
        Random random = new Random(seed);
        int n = 200 + random.nextInt(300);
        List<String> data = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder().append(i).append('-');
            int len = 5 + random.nextInt(40);
            for (int k = 0; k < len; k++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            data.add(sb.toString());
        }
        return data;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return List.of();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : readers) {
            r.close();
        }
        stations.close();
    }
}
