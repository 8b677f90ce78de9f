package dev.lakestation.connector.source.testframe;

import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.MemphisSourceBuilder;
import dev.lakestation.connector.source.MemphisSourceOptions;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.memphis.internal.StationNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

/**
 * One station per test case; every split writer adds a new partition stream ({@code <station>$k}) to
 * it, exactly as a Memphis station with k partitions is laid out.
 */
public final class MemphisSourceExternalContext implements DataStreamSourceExternalContext<String> {
    private final NatsExternalSystem nats;
    private final String station;
    private final String group;
    private final AtomicInteger partitions = new AtomicInteger();
    private final List<Connection> connections = new ArrayList<>();

    MemphisSourceExternalContext(NatsExternalSystem nats) {
        this.nats = nats;
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.station = "suite." + id;
        this.group = "suite-group-" + id;
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings settings) {
        MemphisSourceBuilder<String> b = MemphisSource.<String>builder()
                .setOptions(nats.options())
                .setStations(station)
                .setConsumerGroup(group)
                .setDeserializer(MemphisDeserializers.string())
                .setMaxAckTime(Duration.ofSeconds(5))
                .setPartitionDiscoveryInterval(Duration.ofMillis(500))
                .setConfig(MemphisSourceOptions.FETCH_MAX_WAIT, Duration.ofMillis(50));
        if (settings.getBoundedness() == Boundedness.BOUNDED) {
            b.setBounded();
        } else {
            b.setUnbounded();
        }
        return b.build();
    }

    @Override
    public ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(TestingSourceSettings settings) {
        int p = partitions.incrementAndGet();
        try {
            Connection nc = Nats.connect(nats.natsUrl());
            connections.add(nc);
            nc.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name(StationNames.streamName(station, p))
                    .subjects(StationNames.streamSubjects(station, p))
                    .storageType(StorageType.File)
                    .build());
            return new PartitionWriter(nc.jetStream(), StationNames.dataSubject(station, p));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create partition " + p + " of station " + station, e);
        }
    }

    @Override
    public List<String> generateTestData(TestingSourceSettings settings, int splitIndex, long seed) {
        Random random = new Random(seed);
        int n = 20 + random.nextInt(60);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("split" + splitIndex + "-" + i + "-" + Long.toHexString(random.nextLong()));
        }
        return out;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return Collections.emptyList();
    }

    @Override
    public void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "Memphis station " + station;
    }

    private static final class PartitionWriter implements ExternalSystemSplitDataWriter<String> {
        private final JetStream js;
        private final String subject;

        PartitionWriter(JetStream js, String subject) {
            this.js = js;
            this.subject = subject;
        }

        @Override
        public void writeRecords(List<String> records) {
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (String r : records) {
                acks.add(js.publishAsync(subject, r.getBytes(StandardCharsets.UTF_8)));
            }
            acks.forEach(CompletableFuture::join);
        }

        @Override
        public void close() {}
    }
}
