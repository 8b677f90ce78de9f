package dev.lakestation.memphis.schemaverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.SchemaValidationException;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The validators behind the client's seam, end to end on a real nats-server (JetStream control plane):
 * createSchema compiles and refuses bad schemas, a producer on a station with an enforced schema
 * refuses payloads that fail it and stores nothing for them.
 */
class SchemaEnforcementTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.withToken("s3cret");

    private static Memphis memphis;

    @BeforeAll
    static void connect() {
        memphis = Memphis.connect(MemphisOptions.builder()
                .host(NATS.host()).port(NATS.port()).username("root").connectionToken("s3cret")
                .controlPlane(ControlPlane.JETSTREAM).build());
    }

    @AfterAll
    static void close() {
        if (memphis != null) {
            memphis.close();
        }
    }

    @Test
    void registryFindsEveryBuiltInFactory() {
        for (String type : new String[] {"json", "avro", "protobuf", "graphql"}) {
            assertThat(SchemaValidators.supports(type)).as(type).isTrue();
        }
        SchemaValidator v = SchemaValidators.forSchema(new Schema("s", "json", 1, "{\"type\":\"integer\"}", ""));
        assertThat(v).isInstanceOf(PayloadValidator.class);
        assertThatThrownBy(() -> v.validate("\"x\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("string found, integer expected");
    }

    @Test
    void createSchemaRefusesInvalidContentWithParserMessage() {
        assertThatThrownBy(() -> memphis.createSchema("bad-json", "json", "{\"type\":\"integr\"}"))
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("schema 'bad-json' v1")
                .hasMessageContaining("/type");
        assertThatThrownBy(() -> memphis.createSchema("bad-avro", "avro", "{\"type\":\"record\",\"name\":\"X\"}"))
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("invalid avro schema");
        assertThatThrownBy(() -> memphis.createSchema("bad-proto", "protobuf", "message X { int32 a = 1; }", "X"))
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("compiled descriptor");
    }

    @Test
    void producerRefusesPayloadFailingEnforcedJsonSchema() throws Exception {
        memphis.createStation(StationOptions.builder("orders-json").build());
        memphis.createSchema("orders-json-schema", "json", """
                {"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}}""");
        memphis.enforceSchema("orders-json-schema", "orders-json");
        try (Producer producer = memphis.producer("orders-json", "web")) {
            producer.produce("{\"id\":1}");
            assertThatThrownBy(() -> producer.produce("{\"id\":\"one\"}"))
                    .isInstanceOf(SchemaValidationException.class)
                    .hasMessageContaining("Schema validation has failed")
                    .hasMessageContaining("/id")
                    .hasMessageContaining("string found, integer expected");
        }
        assertThat(storedMessages("orders-json$1")).isEqualTo(1);
    }

    @Test
    void producerRefusesPayloadFailingEnforcedAvroSchema() throws Exception {
        memphis.createStation(StationOptions.builder("orders-avro").build());
        memphis.createSchema("orders-avro-schema", "avro", """
                {"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"sku","type":"string"}]}""");
        memphis.enforceSchema("orders-avro-schema", "orders-avro");
        try (Producer producer = memphis.producer("orders-avro", "web")) {
            producer.produce("{\"id\":1,\"sku\":\"a\"}");
            assertThatThrownBy(() -> producer.produce("{\"id\":2,\"sku\":3}"))
                    .isInstanceOf(SchemaValidationException.class)
                    .hasMessageContaining("/sku");
        }
        assertThat(storedMessages("orders-avro$1")).isEqualTo(1);
    }

    private static long storedMessages(String stream) throws Exception {
        try (Connection nc = Nats.connect(new Options.Builder().server(NATS.natsUrl()).token("s3cret".toCharArray()).build())) {
            return nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
        }
    }
}
