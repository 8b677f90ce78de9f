package dev.lakestation.memphis;

import dev.lakestation.memphis.internal.StationNames;
import static dev.lakestation.memphis.TestSupport.await;
import static dev.lakestation.memphis.TestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.memphis.schemaverse.Schema;
import dev.lakestation.memphis.schemaverse.SchemaValidators;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Schemaverse on the JetStream control plane: versions in KV, producer validation, DLS, attach/detach. */
class SchemaTest {
    static final String ORDER_V1 = "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\"}}}";
    static final String ORDER_V2 = "{\"type\":\"object\",\"required\":[\"id\",\"sku\"],"
            + "\"properties\":{\"id\":{\"type\":\"integer\"},\"sku\":{\"type\":\"string\"}}}";

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();
    static Memphis memphis;

    @BeforeAll
    static void connect() {
        if (!SchemaValidators.supports(Schema.JSON)) {
            SchemaValidators.register(new RequiredFieldsJsonValidatorFactory());
        }
        memphis = TestSupport.connect(NATS);
    }

    @AfterAll
    static void close() {
        memphis.close();
    }

    @Test
    void createSchemaStoresVersions() throws Exception {
        memphis.createSchema("order", "json", ORDER_V1);
        memphis.createSchema("order", "json", ORDER_V1); // same content: no new version
        assertThat(memphis.schema("order").version()).isEqualTo(1);
        memphis.createSchema("order", "json", ORDER_V2);
        Schema active = memphis.schema("order");
        assertThat(active.version()).isEqualTo(2);
        assertThat(active.content()).isEqualTo(ORDER_V2);
        String stored = new String(memphis.connection().keyValue("memphis_schemas").get("order").getValue());
        assertThat(stored).contains("\"active_version\":2").contains("\"version_number\":1");
        assertThatThrownBy(() -> memphis.createSchema("order", "avro", "{\"type\":\"string\"}"))
                .isInstanceOf(SchemaValidationException.class).hasMessageContaining("already exists with type 'json'");
        assertThatThrownBy(() -> memphis.createSchema("x", "xml", "<a/>")).hasMessageContaining("unknown type 'xml'");
    }

    @Test
    void producerValidatesAndSendsFailuresToTheDls() throws Exception {
        memphis.createSchema("order-a", "json", ORDER_V1);
        memphis.createStation(StationOptions.builder("schema.orders").schemaName("order-a").build());
        Producer p = memphis.producer("schema.orders", "p");
        p.produce(Map.of("id", 1));
        assertThatThrownBy(() -> p.produce("{\"name\":\"no id\"}"))
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("Schema validation has failed").hasMessageContaining("schema.orders")
                .hasMessageMatching("(?s).*\\bid\\b.*"); // the field as a word: "validation" contains "id"
        assertThat(messages(memphis, "schema#orders$1")).isEqualTo(1);
        String dls = StationNames.dlsStreamName("schema.orders");
        await(Duration.ofSeconds(30), () -> messages(memphis, dls) == 1);
        MessageInfo dead = TestSupport.jsm(memphis).getMessage(dls, 1);
        assertThat(new String(dead.getData())).isEqualTo("{\"name\":\"no id\"}");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.TYPE)).isEqualTo(DeadLetterHeaders.TYPE_SCHEMA);
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON)).containsPattern("\\bid\\b");

        assertThat(memphis.schemaValidator("schema.orders")).isNotNull();
        Consumer c = memphis.consumer("schema.orders", "reader");
        List<MemphisMessage> got = c.fetch();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).dataDeserialized()).isEqualTo(Map.of("id", 1));
    }

    @Test
    void aRefusedMessageSentAgainWithItsIdIsDeadLetteredOnce() throws Exception {
        memphis.createSchema("order-once", "json", ORDER_V1);
        memphis.createStation(StationOptions.builder("schema.once").schemaName("order-once").build());
        Producer p = memphis.producer("schema.once", "p");
        for (int attempt = 0; attempt < 3; attempt++) { // a caller retrying the same message
            assertThatThrownBy(() -> p.produce("{\"name\":\"no id\"}", ProduceOptions.msgId("order-7")))
                    .isInstanceOf(SchemaValidationException.class);
        }
        assertThatThrownBy(() -> p.produce("{\"name\":\"other\"}", ProduceOptions.msgId("order-8")))
                .isInstanceOf(SchemaValidationException.class);
        String dls = StationNames.dlsStreamName("schema.once");
        await(Duration.ofSeconds(30), () -> messages(memphis, dls) == 2);
        assertThat(new String(TestSupport.jsm(memphis).getMessage(dls, 1).getData())).isEqualTo("{\"name\":\"no id\"}");
        assertThat(new String(TestSupport.jsm(memphis).getMessage(dls, 2).getData())).isEqualTo("{\"name\":\"other\"}");
    }

    @Test
    void schemaverseDlsCanBeTurnedOff() {
        memphis.createSchema("order-b", "json", ORDER_V1);
        memphis.createStation(StationOptions.builder("schema.nodls").schemaName("order-b")
                .sendSchemaFailedMessagesToDls(false).build());
        Producer p = memphis.producer("schema.nodls", "p");
        assertThatThrownBy(() -> p.produce("{}")).isInstanceOf(SchemaValidationException.class);
        assertThat(messages(memphis, StationNames.dlsStreamName("schema.nodls"))).isZero();
    }

    @Test
    void enforceAndDetachReachRunningProducers() {
        memphis.createSchema("order-c", "json", ORDER_V1);
        memphis.createStation("schema.live");
        Producer p = memphis.producer("schema.live", "p");
        p.produce("{}"); // no schema yet
        memphis.enforceSchema("order-c", "schema.live");
        assertThat(memphis.station("schema.live").schemaName()).isEqualTo("order-c");
        assertThatThrownBy(() -> p.produce("{}")).isInstanceOf(SchemaValidationException.class);
        memphis.detachSchema("schema.live");
        p.produce("{}");
        assertThat(messages(memphis, "schema#live$1")).isEqualTo(2);
    }

    @Test
    void schemaUpdatesFromAnotherClientReachProducers() {
        memphis.createSchema("order-d", "json", ORDER_V1);
        memphis.createStation(StationOptions.builder("schema.remote").schemaName("order-d").build());
        Producer p = memphis.producer("schema.remote", "p");
        p.produce("{\"id\":1}");
        try (Memphis other = TestSupport.connect(NATS)) {
            other.createSchema("order-d", "json", ORDER_V2); // v2 also requires sku
        }
        await(Duration.ofSeconds(30), () -> {
            try {
                p.produce("{\"id\":2}");
                return false;
            } catch (SchemaValidationException e) {
                return e.getMessage().contains("sku");
            }
        });
    }

    @Test
    void everyMemphisSchemaTypeHasAValidatorOnTheClassPath() {
        // registered through META-INF/services: a broken registration makes producers refuse every schema
        assertThat(List.of(Schema.JSON, Schema.AVRO, Schema.GRAPHQL, Schema.PROTOBUF))
                .allSatisfy(type -> assertThat(SchemaValidators.supports(type)).as(type).isTrue());
    }

    @Test
    void aTypeWithoutAValidatorFailsNamingTheSchemaAndTheSupportedTypes() {
        assertThatThrownBy(() -> SchemaValidators.forSchema(new Schema("legacy", "thrift", 1, "struct A {}", null)))
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("unsupported schema type 'thrift' of schema 'legacy'")
                .hasMessageContaining("json");
    }

    @Test
    void enforcingAMissingSchemaFails() {
        memphis.createStation("schema.missing");
        assertThatThrownBy(() -> memphis.enforceSchema("nope", "schema.missing")).hasMessageContaining("'nope' does not exist");
    }
}
