package dev.lakestation.connector.sql;

import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.PartitionKeys;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.testsupport.NatsServerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQL and Table API round trips through {@code 'connector' = 'memphis'}: INSERT into a station, then a
 * bounded SELECT reading it back, against a real nats-server (JetStream control plane) and a MiniCluster.
 */
class MemphisTableITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private StreamTableEnvironment tEnv;

    @BeforeEach
    void tableEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300); // the source acks at checkpoints; a bounded job ends with a final one
        tEnv = StreamTableEnvironment.create(env);
    }

    @Test
    void sqlInsertThenBoundedSelectReadsRowsWithMetadataAndKeyPlacement() throws Exception {
        createStation("sql.orders", 3);
        Instant before = Instant.now();
        tEnv.executeSql("CREATE TABLE orders ("
                + " id BIGINT, customer STRING, amount DOUBLE,"
                + " part INT METADATA FROM 'partition' VIRTUAL,"
                + " seq BIGINT METADATA FROM 'sequence' VIRTUAL,"
                + " sent TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,"
                + " hdrs MAP<STRING, STRING> METADATA FROM 'headers' VIRTUAL"
                + ") WITH (" + connection() + ","
                + " 'stations' = 'sql.orders', 'consumer-group' = 'sql-reader',"
                + " 'scan.startup.mode' = 'earliest', 'scan.bounded.mode' = 'latest',"
                + " 'sink.partition-key-field' = 'customer', 'sink.delivery-guarantee' = 'at-least-once',"
                + " 'format' = 'json')");
        tEnv.executeSql("INSERT INTO orders VALUES (1, 'alice', 10.5), (2, 'bob', 20.0), (3, 'carol', 7.25),"
                + " (4, 'alice', 1.0), (5, 'dave', 3.0), (6, 'bob', 4.0), (7, 'erin', 5.0), (8, 'frank', 6.0)").await();

        List<Row> rows = collect("SELECT id, customer, amount, part, seq, sent, hdrs['$memphis_producedBy'] FROM orders");

        assertThat(rows).extracting(r -> r.getField(0)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        Set<String> partitionSequences = new HashSet<>();
        for (Row r : rows) {
            String customer = (String) r.getField(1);
            assertThat(r.getField(3)).as("partition of %s", customer)
                    .isEqualTo(PartitionKeys.partitionFor(customer, List.of(1, 2, 3)));
            partitionSequences.add(r.getField(3) + "/" + r.getField(4));
            assertThat((Instant) r.getField(5)).isBetween(before.minusSeconds(1), Instant.now());
            assertThat(r.getField(6)).isEqualTo("flink-sql");
        }
        assertThat(partitionSequences).as("partition/sequence pairs").hasSize(8);
        assertThat(rows).filteredOn(r -> r.getField(0).equals(1L)).singleElement()
                .satisfies(r -> assertThat(r.getField(2)).isEqualTo(10.5));
    }

    @Test
    void tableApiExactlyOnceWithMessageIdColumnStoresARepeatedInsertOnce() throws Exception {
        createStation("sql.events", 2);
        tEnv.createTemporaryTable("events", TableDescriptor.forConnector("memphis")
                .schema(Schema.newBuilder()
                        .column("event_id", DataTypes.STRING())
                        .column("body", DataTypes.STRING())
                        .columnByMetadata("seq", DataTypes.BIGINT(), "sequence", true)
                        .build())
                .option("host", NATS.host()).option("port", String.valueOf(NATS.port()))
                .option("username", "root").option("connection-token", "memphis").option("control-plane", "jetstream")
                .option("stations", "sql.events").option("consumer-group", "events-reader")
                .option("scan.bounded.mode", "latest")
                .option("sink.delivery-guarantee", "exactly-once").option("sink.message-id-field", "event_id")
                .format("csv")
                .build());
        for (int attempt = 0; attempt < 2; attempt++) { // the second insert replays the same ids: dropped by the broker
            tEnv.fromValues(row("e1", "first"), row("e2", "second"), row("e3", "third, with a comma"))
                    .insertInto("events").execute().await();
        }

        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.from("events").select($("event_id"), $("body"), $("seq")).execute().collect()) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).extracting(r -> r.getField(0) + "=" + r.getField(1))
                .containsExactlyInAnyOrder("e1=first", "e2=second", "e3=third, with a comma");
    }

    @Test
    void rawFormatRoundTripThroughTheWriteAheadExactlyOnceSinkKeepsPayloadBytes() throws Exception {
        createStation("sql.lines", 1);
        tEnv.executeSql("CREATE TABLE lines (line STRING, seq BIGINT METADATA FROM 'sequence' VIRTUAL) WITH ("
                + connection() + ", 'stations' = 'sql.lines', 'consumer-group' = 'lines-reader',"
                + " 'scan.bounded.mode' = 'latest', 'sink.delivery-guarantee' = 'exactly-once', 'format' = 'raw')");
        // exactly-once without an id column: the committer publishes after the checkpoint (here the final one)
        tEnv.executeSql("INSERT INTO lines SELECT * FROM (VALUES ('plain text'), ('{\"not\": \"parsed\"}'), ('ünïcödé'))")
                .await();

        List<Row> rows = collect("SELECT line, seq FROM lines");

        assertThat(rows).extracting(r -> (String) r.getField(0))
                .containsExactlyInAnyOrder("plain text", "{\"not\": \"parsed\"}", "ünïcödé");
        assertThat(rows).extracting(r -> (Long) r.getField(1)).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    private List<Row> collect(String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static String connection() {
        return "'connector' = 'memphis', 'host' = '" + NATS.host() + "', 'port' = '" + NATS.port() + "',"
                + " 'username' = 'root', 'connection-token' = 'memphis', 'control-plane' = 'jetstream'";
    }

    private static void createStation(String name, int partitions) {
        try (Memphis memphis = Memphis.connect(MemphisOptions.builder().host(NATS.host()).port(NATS.port())
                .username("root").connectionToken("memphis").controlPlane(ControlPlane.JETSTREAM).build())) {
            memphis.createStation(StationOptions.builder(name).partitions(partitions).build());
        }
    }
}
