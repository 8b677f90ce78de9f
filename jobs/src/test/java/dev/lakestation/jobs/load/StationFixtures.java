package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.DeadLetterHeaders;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import dev.lakestation.testsupport.Await;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.avro.generic.GenericRecord;

/**
 * A Starlake project under a temp root with station tables, and a memphis-client connection (JetStream control
 * plane) to produce and to read the broker's view: dead letters, consumer state. Shared by the station load tests.
 */
final class StationFixtures implements AutoCloseable {

    final NatsServerExtension nats;
    final Path root;
    final Memphis memphis;

    StationFixtures(NatsServerExtension nats, Path root) throws IOException {
        this.nats = nats;
        this.root = root;
        this.memphis = Memphis.connect(MemphisOptions.builder().host(nats.host()).port(nats.port()).username("test")
                .connectionToken("").controlPlane(ControlPlane.JETSTREAM).build());
        write("metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata: {format: DSV, separator: ",", withHeader: true, writeStrategy: {type: APPEND}}
                """);
    }

    @Override
    public void close() {
        memphis.close();
    }

    void jsonTable(String name, String station) throws IOException {
        jsonTable(name, station, "");
    }

    /** A JSON table reading {@code station}; {@code moreOptions} are added to its metadata.options map. */
    void jsonTable(String name, String station, String moreOptions) throws IOException {
        write("metadata/load/shop/" + name + ".sl.yml", """
                table:
                  name: %s
                  pattern: "%s.*"
                  metadata:
                    format: JSON
                    options: {memphis.station: "%s"%s}
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                    - {name: amount, type: decimal}
                """.formatted(name, name, station, moreOptions));
    }

    /** JSON orders {@code from..to}; those in {@code bad} have a non-numeric id. */
    static List<String> json(int from, int to, java.util.Set<Integer> bad) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(bad.contains(i) ? "{\"id\": \"bad" + i + "\"}" : "{\"id\": " + i + ", \"name\": \"n" + i + "\"}");
        }
        return out;
    }

    /** A request reading stations from this nats-server (no credentials: the server has no authentication). */
    LoadRequest request(boolean bounded, long checkpointMillis) {
        return LoadRequest.of(List.of("shop"), List.of(), 2).withStations(new StationRequest(
                MemphisOptions.builder().host(nats.host()).port(nats.port()).username("lakestation")
                        .connectionToken("").build(), null, bounded, Duration.ofMillis(checkpointMillis)));
    }

    Project project() {
        return ProjectLoader.load(root, null, Map.of()).orThrow();
    }

    void produce(String station, int partition, List<String> messages) {
        var producer = memphis.producer(station, "test");
        for (String m : messages) {
            producer.produce(m, ProduceOptions.partition(partition));
        }
    }

    Path table(String name) {
        return root.resolve("datasets/warehouse/shop/" + name);
    }

    List<GenericRecord> tableRows(String name) throws IOException {
        return Files.exists(table(name)) ? Parquet.readAll(table(name)) : List.of();
    }

    /** Rows of the table now, -1 when a version was pruned while listing (ask again). */
    int rows(String name) {
        try {
            return tableRows(name).size();
        } catch (IOException e) {
            return -1;
        }
    }

    long version(String name) {
        return dev.lakestation.jobs.table.TableStore.of(root.resolve("datasets")).currentVersion("shop", name)
                .map(v -> v.number()).orElse(0L);
    }

    List<GenericRecord> rejectedRows() throws IOException {
        Path dir = root.resolve("datasets/audit/rejected");
        return Files.exists(dir) ? Parquet.readAll(dir) : List.of();
    }

    /** Rejected rows of {@code station} by sequence (every one once, with its station and no line). */
    Map<Long, String> rejectedBySequence(String station) throws IOException {
        Map<Long, String> out = new HashMap<>();
        for (GenericRecord g : rejectedRows()) {
            assertThat(g.get("station").toString()).isEqualTo(station);
            assertThat(g.get("line")).isNull();
            assertThat(out.put((Long) g.get("sequence"), g.get("error").toString())).as("rejected twice").isNull();
        }
        return out;
    }

    /** Dead letters of the station by original sequence → reason header. */
    Map<Long, String> deadLetters(String station) throws Exception {
        JetStreamManagement jsm = memphis.connection().jetStreamManagement();
        String stream = StationNames.dlsStreamName(station);
        Map<Long, String> out = new HashMap<>();
        long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        for (long s = 1; s <= last; s++) {
            MessageInfo m = jsm.getMessage(stream, s);
            out.put(Long.parseLong(m.getHeaders().getFirst(DeadLetterHeaders.SEQUENCE)),
                    m.getHeaders().getFirst(DeadLetterHeaders.REASON));
            assertThat(m.getHeaders().getFirst(DeadLetterHeaders.STATION)).isEqualTo(station);
        }
        return out;
    }

    long dlsCount(String station) throws Exception {
        return memphis.connection().jetStreamManagement().getStreamInfo(StationNames.dlsStreamName(station))
                .getStreamState().getMsgCount();
    }

    ConsumerInfo consumer(String station, int p, String group) throws Exception {
        return memphis.connection().jetStreamManagement().getConsumerInfo(StationNames.streamName(station, p),
                StationNames.durableName(group));
    }

    /** True when the group acked the first {@code last} messages of every partition and has none pending. */
    boolean allAcked(String station, int partitions, String group, long last) {
        try {
            for (int p = 1; p <= partitions; p++) {
                ConsumerInfo c = consumer(station, p, group);
                if (c.getAckFloor().getStreamSequence() != last || c.getNumAckPending() != 0 || c.getNumPending() != 0) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false; // the durable does not exist yet, or the broker is restarting
        }
    }

    void assertAllAcked(String station, int p, String group, long last) throws Exception {
        ConsumerInfo c = consumer(station, p, group);
        assertThat(c.getAckFloor().getStreamSequence()).as("ack floor of %s#%d", station, p).isEqualTo(last);
        assertThat(c.getNumAckPending()).isZero();
        assertThat(c.getNumPending()).isZero();
    }

    /** Waits for {@code condition} (polled); fails at once when the load ended before. */
    static void await(String what, BooleanSupplier condition, CompletableFuture<?> running) {
        Await.until(Duration.ofSeconds(90), what, () -> {
            if (running.isDone()) {
                throw new AssertionError("the load ended early: " + running.get());
            }
            return condition.getAsBoolean();
        });
    }

    void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
