package dev.lakestation.memphis;

import static dev.lakestation.memphis.TestSupport.await;
import static dev.lakestation.memphis.TestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakestation.memphis.schemaverse.Schema;
import dev.lakestation.memphis.schemaverse.SchemaValidators;
import dev.lakestation.testsupport.NatsServerExtension;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker control plane against {@link TestMemphisBroker}, a test responder standing in for a
 * Memphis broker (which cannot run here): wire shapes of the {@code $memphis_*} requests, replies
 * handled, and the data plane on the streams the "broker" created.
 */
class BrokerPlaneTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();
    static TestMemphisBroker broker;
    static Memphis memphis;

    @BeforeAll
    static void start() throws Exception {
        if (!SchemaValidators.supports(Schema.JSON)) {
            SchemaValidators.register(new RequiredFieldsJsonValidatorFactory());
        }
        broker = new TestMemphisBroker(NATS.natsUrl());
        memphis = TestSupport.connect(NATS);
    }

    @AfterAll
    static void stop() throws Exception {
        memphis.close();
        broker.close();
    }

    @Test
    void autoDetectsTheBroker() {
        assertThat(memphis.controlPlane()).isEqualTo(ControlPlane.BROKER);
    }

    @Test
    void detectingTheBrokerSendsItNoRequest() {
        int before = broker.requests.size();
        try (Memphis another = TestSupport.connect(NATS)) {
            assertThat(another.controlPlane()).isEqualTo(ControlPlane.BROKER);
        }
        // the stand-in records every $memphis_* message it receives: connecting and closing sends none
        // (a real broker warned about the fake station creation the detection used to send)
        assertThat(broker.requests.subList(before, broker.requests.size())).isEmpty();
    }

    @Test
    void createsStationsWithTheSdkRequest() throws Exception {
        memphis.createStation(StationOptions.builder("bk.orders").retention(RetentionType.MESSAGES, 100)
                .partitions(3).dlsStation("").build());
        JsonNode req = broker.requests("$memphis_station_creations").stream()
                .filter(r -> "bk.orders".equals(r.path("name").asText())).findFirst().orElseThrow();
        assertThat(req.path("retention_type").asText()).isEqualTo("messages");
        assertThat(req.path("retention_value").asLong()).isEqualTo(100);
        assertThat(req.path("storage_type").asText()).isEqualTo("file");
        assertThat(req.path("partitions_number").asInt()).isEqualTo(3);
        assertThat(req.path("idempotency_window_in_ms").asLong()).isEqualTo(120000);
        assertThat(req.path("dls_configuration").path("poison").asBoolean()).isTrue();
        assertThat(req.path("username").asText()).isEqualTo("root");
        StationInfo info = memphis.station("bk.orders");
        assertThat(info.partitions()).containsExactly(1, 2, 3);
        assertThat(info.retentionType()).isEqualTo(RetentionType.MESSAGES);
        memphis.destroyStation("bk.orders");
        JsonNode destroy = broker.requests("$memphis_station_destructions").stream()
                .filter(r -> "bk.orders".equals(r.path("station_name").asText())).findFirst().orElseThrow();
        assertThat(destroy.path("username").asText()).isEqualTo("root");
        assertThatThrownBy(() -> memphis.station("bk.orders")).isInstanceOf(StationNotFoundException.class);
        assertThat(TestSupport.jsm(memphis).getStreamNames()).noneMatch(s -> s.startsWith("bk#orders"));
    }

    @Test
    void stationCreationCarriesEveryOption() {
        memphis.createStation(StationOptions.builder("bk.full").retention(RetentionType.MAX_MESSAGE_AGE_SECONDS, 600)
                .storageType(StorageType.MEMORY).replicas(1).idempotencyWindow(Duration.ofSeconds(30))
                .schemaName("bk-none").sendPoisonMessagesToDls(false).sendSchemaFailedMessagesToDls(true)
                .dlsStation("bk.full-dls").tieredStorage(true).partitions(2).build());
        JsonNode req = broker.requests("$memphis_station_creations").stream()
                .filter(r -> "bk.full".equals(r.path("name").asText())).findFirst().orElseThrow();
        assertThat(req.path("retention_type").asText()).isEqualTo("message_age_sec");
        assertThat(req.path("retention_value").asLong()).isEqualTo(600);
        assertThat(req.path("storage_type").asText()).isEqualTo("memory");
        assertThat(req.path("replicas").asInt()).isEqualTo(1);
        assertThat(req.path("idempotency_window_in_ms").asLong()).isEqualTo(30000);
        assertThat(req.path("schema_name").asText()).isEqualTo("bk-none");
        assertThat(req.path("dls_configuration").path("poison").asBoolean()).isFalse();
        assertThat(req.path("dls_configuration").path("schemaverse").asBoolean()).isTrue();
        assertThat(req.path("dls_station").asText()).isEqualTo("bk.full-dls");
        assertThat(req.path("tiered_storage_enabled").asBoolean()).isTrue();
        assertThat(req.path("partitions_number").asInt()).isEqualTo(2);
        // replicas go out after the broker's rounding; a single-server broker's refusal reaches the caller
        assertThatThrownBy(() -> memphis.createStation(StationOptions.builder("bk.rep").replicas(4).build()))
                .isInstanceOf(MemphisException.class)
                .hasMessageContaining("cannot create station 'bk.rep'").hasMessageContaining("replicas");
        assertThat(broker.requests("$memphis_station_creations")).anyMatch(r ->
                "bk.rep".equals(r.path("name").asText()) && r.path("replicas").asInt() == 3);
    }

    @Test
    void deadLetteringASchemaFailureSendsTheSchemaverseDeadLetterAndProducesNothing() {
        memphis.createStation(StationOptions.builder("bk.dlsdirect").partitions(2).dlsStation("").build());
        Producer p = memphis.producer("bk.dlsdirect", "p");
        p.deadLetterSchemaFailure("{}", ProduceOptions.builder().msgId("bad-1").partitionNumber(2).build(),
                "required property 'id' not found");
        await(Duration.ofSeconds(30), () -> broker.requests("$memphis_schemaverse_dls").stream()
                .anyMatch(r -> "bk#dlsdirect".equals(r.path("station_name").asText())));
        List<JsonNode> sent = broker.requests("$memphis_schemaverse_dls").stream()
                .filter(r -> "bk#dlsdirect".equals(r.path("station_name").asText())).toList();
        assertThat(sent).hasSize(1);
        JsonNode dls = sent.get(0);
        assertThat(dls.path("station_name").asText()).isEqualTo("bk#dlsdirect");
        assertThat(dls.path("producer").path("name").asText()).isEqualTo("p");
        assertThat(dls.path("message").path("data").asText()).isEqualTo(HexFormat.of().formatHex("{}".getBytes()));
        assertThat(dls.path("message").path("headers").path("msg-id").asText()).isEqualTo("bad-1");
        assertThat(dls.path("validation_error").asText()).isEqualTo("required property 'id' not found");
        assertThat(dls.path("partition_number").asInt()).isEqualTo(2);
        // the broker writes the dead letter (memphis-protocol §7); the station itself got nothing
        assertThat(messages(memphis, "bk#dlsdirect$1") + messages(memphis, "bk#dlsdirect$2")).isZero();
    }

    @Test
    void forcedBrokerPlaneWithoutABrokerFailsClearly() {
        try (dev.lakestation.testsupport.NatsServer plain = dev.lakestation.testsupport.NatsServer.builder().build().start();
                Memphis forced = Memphis.connect(MemphisOptions.builder().host(plain.host()).port(plain.port())
                        .username("root").connectionToken("x").controlPlane(ControlPlane.BROKER).build())) {
            assertThat(forced.controlPlane()).isEqualTo(ControlPlane.BROKER);
            assertThatThrownBy(() -> forced.createStation("nobody.home"))
                    .isInstanceOf(MemphisException.class)
                    .hasMessageContaining("no Memphis broker answers $memphis_station_creations");
        }
    }

    @Test
    void destroyingAConsumerWithItsGroupAsksTheBroker() throws Exception {
        memphis.createStation("bk.cdel");
        Consumer c = memphis.consumer(ConsumerOptions.builder("bk.cdel", "member-1").group("team").build());
        assertThat(TestSupport.jsm(memphis).getConsumerNames("bk#cdel$1")).contains("team");
        c.destroy(true);
        JsonNode req = broker.requests("$memphis_consumer_destructions").stream()
                .filter(r -> "bk.cdel".equals(r.path("station_name").asText())).findFirst().orElseThrow();
        assertThat(req.path("name").asText()).isEqualTo("member-1");
        assertThat(req.path("username").asText()).isEqualTo("root");
        assertThat(req.path("connection_id").asText()).isEqualTo(memphis.connectionId());
        assertThat(req.path("req_version").asInt()).isEqualTo(1);
        assertThat(TestSupport.jsm(memphis).getConsumerNames("bk#cdel$1")).doesNotContain("team");
    }

    @Test
    void brokerErrorsSurface() {
        assertThatThrownBy(() -> memphis.destroyStation("bk.never"))
                .isInstanceOf(MemphisException.class).hasMessageContaining("bk.never does not exist");
        assertThatThrownBy(() -> memphis.consumer("forbidden.station", "c"))
                .isInstanceOf(MemphisException.class).hasMessageContaining("forbidden for this user");
    }

    @Test
    void producerRegistersWithVersion4AndBareConnectionId() {
        memphis.createStation(StationOptions.builder("bk.prod").partitions(2).build());
        Producer p = memphis.producer("bk.prod", "web");
        JsonNode req = broker.requests("$memphis_producer_creations").stream()
                .filter(r -> "bk.prod".equals(r.path("station_name").asText())).findFirst().orElseThrow();
        assertThat(req.path("req_version").asInt()).isEqualTo(4);
        assertThat(req.path("name").asText()).isEqualTo("web");
        assertThat(req.path("producer_type").asText()).isEqualTo("application");
        assertThat(req.path("connection_id").asText()).isEqualTo(memphis.connectionId()).doesNotContain("::");
        UUID.fromString(req.path("connection_id").asText());
        assertThat(req.path("sdk_lang").asText()).isEqualTo("java");
        UUID.fromString(req.path("app_id").asText());
        assertThat(p.partitions("bk.prod")).containsExactly(1, 2);
        p.produce("a");
        p.produce("b");
        assertThat(messages(memphis, "bk#prod$1")).isEqualTo(1);
        assertThat(messages(memphis, "bk#prod$2")).isEqualTo(1);
        p.destroy();
        assertThat(broker.requests("$memphis_producer_destructions")).anyMatch(r ->
                r.path("name").asText().equals("web") && r.path("req_version").asInt() == 1);
    }

    @Test
    void memphisProduceRegistersOneCachedProducer() {
        memphis.produce("bk.cache", "cached", "one");
        memphis.produce("bk.cache", "cached", "two", ProduceOptions.msgId("2"));
        assertThat(broker.requests("$memphis_producer_creations"))
                .filteredOn(r -> "bk.cache".equals(r.path("station_name").asText())).hasSize(1);
        assertThat(messages(memphis, "bk#cache$1")).isEqualTo(2);
    }

    @Test
    void producerOnAMissingStationGetsTheBrokersDefaultStation() {
        memphis.producer("bk.auto", "p").produce("x");
        assertThat(memphis.station("bk.auto").partitions()).containsExactly(1);
    }

    @Test
    void consumerGroupAndDeadLetterGoThroughTheBroker() throws Exception {
        memphis.createStation("bk.cons");
        memphis.producer("bk.cons", "p").produce("poison pill");
        Consumer c = memphis.consumer(ConsumerOptions.builder("bk.cons", "c1").group("billing")
                .maxAckTime(Duration.ofSeconds(12)).maxMsgDeliveries(3).build());
        JsonNode req = broker.requests("$memphis_consumer_creations").stream()
                .filter(r -> "bk.cons".equals(r.path("station_name").asText())).findFirst().orElseThrow();
        assertThat(req.path("consumers_group").asText()).isEqualTo("billing");
        assertThat(req.path("max_ack_time_ms").asLong()).isEqualTo(12000);
        assertThat(req.path("max_msg_deliveries").asInt()).isEqualTo(3);
        assertThat(req.path("start_consume_from_sequence").asLong()).isEqualTo(1);
        assertThat(req.path("last_messages").asLong()).isEqualTo(-1);
        assertThat(req.path("req_version").asInt()).isEqualTo(4);
        assertThat(req.path("consumer_type").asText()).isEqualTo("application");

        List<MemphisMessage> got = new java.util.ArrayList<>();
        await(Duration.ofSeconds(30), () -> got.addAll(c.fetch()) || !got.isEmpty());
        got.get(0).deadLetter("unparseable");
        await(Duration.ofSeconds(30), () -> !broker.requests("$memphis_nacked_dls").isEmpty());
        JsonNode dls = broker.requests("$memphis_nacked_dls").get(0);
        assertThat(dls.path("station_name").asText()).isEqualTo("bk#cons");
        assertThat(dls.path("error").asText()).isEqualTo("unparseable");
        assertThat(dls.path("partition").asInt()).isEqualTo(1);
        assertThat(dls.path("cg_name").asText()).isEqualTo("billing");
        assertThat(dls.path("seq").asLong()).isEqualTo(1);

        c.destroy(); // keeps the durable: no destruction request
        assertThat(broker.requests("$memphis_consumer_destructions"))
                .noneMatch(r -> "bk.cons".equals(r.path("station_name").asText()));
        assertThat(TestSupport.jsm(memphis).getConsumerNames("bk#cons$1")).contains("billing");
    }

    @Test
    void schemaAttachedThroughTheBrokerIsEnforcedAndFailuresReportedToIt() {
        memphis.createSchema("bk-order", "json", SchemaTest.ORDER_V1);
        JsonNode created = broker.requests("$memphis_schema_creations").get(0);
        assertThat(created.path("type").asText()).isEqualTo("json");
        assertThat(created.path("created_by_username").asText()).isEqualTo("root");
        memphis.createStation("bk.schema");
        Producer p = memphis.producer("bk.schema", "p");
        p.produce("{}");
        memphis.enforceSchema("bk-order", "bk.schema");
        JsonNode attach = broker.requests("$memphis_schema_attachments").get(0);
        assertThat(attach.path("name").asText()).isEqualTo("bk-order");
        assertThat(attach.path("station_name").asText()).isEqualTo("bk.schema");
        assertThat(attach.path("username").asText()).isEqualTo("root");
        await(Duration.ofSeconds(30), () -> {
            try {
                p.produce("{}");
                return false;
            } catch (SchemaValidationException e) {
                return true;
            }
        });
        // other tests of this class dead-letter too: this station's first one
        await(Duration.ofSeconds(30), () -> broker.requests("$memphis_schemaverse_dls").stream()
                .anyMatch(r -> "bk#schema".equals(r.path("station_name").asText())));
        JsonNode dls = broker.requests("$memphis_schemaverse_dls").stream()
                .filter(r -> "bk#schema".equals(r.path("station_name").asText())).findFirst().orElseThrow();
        assertThat(dls.path("station_name").asText()).isEqualTo("bk#schema");
        assertThat(dls.path("producer").path("name").asText()).isEqualTo("p");
        assertThat(dls.path("message").path("data").asText()).isEqualTo(HexFormat.of().formatHex("{}".getBytes()));
        // the missing field named as a word: "validation" (in every reason) contains "id", so contains("id") could not fail
        assertThat(dls.path("validation_error").asText()).containsPattern("\\bid\\b")
                .doesNotContain("payload is not a JSON object");
        p.produce("{\"id\":5}");
        memphis.detachSchema("bk.schema");
        JsonNode detach = broker.requests("$memphis_schema_detachments").get(0);
        assertThat(detach.path("station_name").asText()).isEqualTo("bk.schema");
        assertThat(detach.path("username").asText()).isEqualTo("root");
        await(Duration.ofSeconds(30), () -> {
            try {
                p.produce("{}");
                return true;
            } catch (SchemaValidationException e) {
                return false;
            }
        });
    }

    @Test
    void poisonMessagesResentByTheBrokerComeFirstAndAreConfirmedToIt() throws Exception {
        memphis.createStation("bk.resend");
        memphis.producer("bk.resend", "p").produce("regular");
        Consumer c = memphis.consumer(ConsumerOptions.builder("bk.resend", "c").group("ops").build());
        try (io.nats.client.Connection brokerSide = TestSupport.raw(NATS)) {
            io.nats.client.impl.Headers h = new io.nats.client.impl.Headers();
            h.put("$memphis_pm_id", "42");
            h.put("$memphis_pm_cg_name", "ops");
            brokerSide.publish("$memphis_dls_bk#resend.ops", h, "resent".getBytes());
            brokerSide.flush(Duration.ofSeconds(1));
        }
        // The resend travels over core NATS, independently of the stored message: wait until it reached
        // the consumer, then one fetch must hand it out ahead of the stored one.
        await(Duration.ofSeconds(30), () -> c.resentPending() == 1);
        List<MemphisMessage> got = new java.util.ArrayList<>();
        await(Duration.ofSeconds(30), () -> got.addAll(c.fetch()) && got.stream().anyMatch(m -> !m.isResent()));
        assertThat(got.get(0).isResent()).isTrue();
        assertThat(got.get(0).dataAsString()).isEqualTo("resent");
        assertThat(got.get(0).sequence()).isEqualTo(-1);
        got.get(0).ack();
        await(Duration.ofSeconds(30), () -> !broker.requests("$memphis_pm_acks").isEmpty());
        JsonNode ack = broker.requests("$memphis_pm_acks").get(0);
        assertThat(ack.path("id").asLong()).isEqualTo(42);
        assertThat(ack.path("cg_name").asText()).isEqualTo("ops");
        assertThatThrownBy(() -> got.get(0).delay(Duration.ofSeconds(1))).isInstanceOf(MemphisException.class);
    }

    @Test
    void forcedJetStreamPlaneIgnoresTheBroker() {
        try (Memphis js = Memphis.connect(TestSupport.options(NATS).controlPlane(ControlPlane.JETSTREAM).build())) {
            assertThat(js.controlPlane()).isEqualTo(ControlPlane.JETSTREAM);
        }
    }
}
