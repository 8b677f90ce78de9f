package dev.lakestation.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.api.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Option validation of {@code 'connector' = 'memphis'} tables, through the planner (no broker, no job: a
 * table's source or sink is created, and validated, when a statement using it is planned).
 */
class MemphisTableFactoryTest {
    private static final String SECRET = "hunter2-do-not-print";
    private static TableEnvironment tEnv;

    @BeforeAll
    static void tableEnvironment() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    }

    @Test
    void aSourceWithoutStationsNamesTheOption() {
        table("no_stations", "'consumer-group' = 'g'");
        assertRefused("SELECT * FROM no_stations", "'stations'");
    }

    @Test
    void aSourceWithoutConsumerGroupNamesTheOption() {
        table("no_group", "'stations' = 's'");
        assertRefused("SELECT * FROM no_group", "'consumer-group'");
    }

    @Test
    void aBadDeliveryGuaranteeNamesTheOption() {
        table("bad_guarantee", "'stations' = 's', 'sink.delivery-guarantee' = 'twice'");
        assertRefused(insertInto("bad_guarantee"), "'sink.delivery-guarantee'");
    }

    @Test
    void anUnknownPartitionKeyColumnNamesTheOptionAndTheColumns() {
        table("bad_key", "'stations' = 's', 'sink.partition-key-field' = 'customer_id'");
        assertRefused(insertInto("bad_key"), "'sink.partition-key-field' no physical column 'customer_id' (columns: [id, customer, amount])");
    }

    @Test
    void aNonStringMessageIdColumnIsRefused() {
        table("int_id", "'stations' = 's', 'sink.message-id-field' = 'id'");
        assertRefused(insertInto("int_id"), "'sink.message-id-field' column 'id' is BIGINT; it must be STRING");
    }

    @Test
    void aSinkNeedsExactlyOneStation() {
        table("two_stations", "'stations' = 'a;b'");
        assertRefused(insertInto("two_stations"), "exactly one station in 'stations', got 2 [a, b]");
    }

    @Test
    void aStartupSequenceNeedsItsValue() {
        table("no_sequence", "'stations' = 's', 'consumer-group' = 'g', 'scan.startup.mode' = 'sequence'");
        assertRefused("SELECT * FROM no_sequence", "'scan.startup.mode' = 'sequence' needs 'scan.startup.sequence'");
    }

    @Test
    void aBoundedValueWithoutItsModeIsRefused() {
        table("stray_value", "'stations' = 's', 'consumer-group' = 'g', 'scan.bounded.sequence' = '10'");
        assertRefused("SELECT * FROM stray_value", "'scan.bounded.sequence' only applies with 'scan.bounded.mode' = 'sequence'");
    }

    @Test
    void aMistypedOptionIsRefusedByName() {
        table("typo", "'stations' = 's', 'sink.partition-key' = 'customer'");
        assertRefused(insertInto("typo"), "sink.partition-key");
    }

    @Test
    void tokenAndPasswordTogetherAreRefusedWithoutShowingEither() {
        tEnv.executeSql("CREATE TABLE both_secrets (id BIGINT) WITH ('connector' = 'memphis', 'host' = 'h',"
                + " 'username' = 'u', 'connection-token' = '" + SECRET + "', 'password' = '" + SECRET + "',"
                + " 'stations' = 's', 'format' = 'json')");
        assertRefused("INSERT INTO both_secrets VALUES (1)", "exactly one of 'connection-token' or 'password', not both");
    }

    @Test
    void anUpdatingQueryIsRefusedWithTheReason() {
        table("counts_by_customer", "'stations' = 's'");
        assertRefused("INSERT INTO counts_by_customer SELECT COUNT(*), customer, 0.0 FROM"
                + " (VALUES ('a'), ('b'), ('a')) AS t(customer) GROUP BY customer", "takes inserts only");
    }

    @Test
    void aValidTablePlansAndNoPlanOrSettingShowsTheSecret() {
        table("valid", "'stations' = 'orders', 'consumer-group' = 'g', 'scan.bounded.mode' = 'latest',"
                + " 'sink.partition-key-field' = 'customer', 'sink.delivery-guarantee' = 'exactly-once'");
        assertThat(tEnv.explainSql("SELECT id, customer FROM valid")).contains("TableSourceScan(table=[[default_catalog, default_database, valid]]").doesNotContain(SECRET);
        assertThat(tEnv.explainSql(insertInto("valid"))).doesNotContain(SECRET);

        Configuration options = Configuration.fromMap(Map.of("host", "h", "username", "u", "password", SECRET,
                "stations", "orders", "consumer-group", "g"));
        DataType row = DataTypes.ROW(DataTypes.FIELD("customer", DataTypes.STRING()));
        assertThat(MemphisTableOptions.scan(options).toString()).doesNotContain(SECRET);
        assertThat(MemphisTableOptions.sink(options, row).toString()).doesNotContain(SECRET);
    }

    private static void table(String name, String options) {
        tEnv.executeSql("CREATE TABLE " + name + " (id BIGINT, customer STRING, amount DOUBLE) WITH ("
                + "'connector' = 'memphis', 'host' = 'localhost', 'username' = 'u', 'password' = '" + SECRET + "',"
                + " 'format' = 'json', " + options + ")");
    }

    private static String insertInto(String table) {
        return "INSERT INTO " + table + " VALUES (1, 'alice', 2.5)";
    }

    /**
     * Planning fails and an error message below Flink's generic wrapper (which lists every table option, so
     * it would name any option) contains {@code expected}; no message shows the secret.
     */
    private static void assertRefused(String statement, String expected) {
        assertThatThrownBy(() -> tEnv.explainSql(statement)).satisfies(e -> {
            List<String> messages = new ArrayList<>();
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage());
                assertThat(m).doesNotContain(SECRET);
                if (!m.startsWith("Unable to create a")) {
                    messages.add(m);
                }
            }
            assertThat(messages).as("error messages").anySatisfy(m -> assertThat(m).contains(expected));
        });
    }
}
