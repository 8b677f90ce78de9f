package dev.lakestation.memphis;

import dev.lakestation.memphis.internal.StationNames;
import static dev.lakestation.memphis.TestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.testsupport.NatsServer;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Producing on the JetStream control plane; outcomes asserted on the stored messages. */
class ProducerTest {
    static final int MAX_PAYLOAD = 64 * 1024;

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.of(NatsServer.builder().maxPayload(MAX_PAYLOAD));
    static Memphis memphis;

    @BeforeAll
    static void connect() {
        memphis = TestSupport.connect(NATS);
    }

    @AfterAll
    static void close() {
        memphis.close();
    }

    private static MessageInfo stored(String stream, long seq) throws Exception {
        return TestSupport.jsm(memphis).getMessage(stream, seq);
    }

    @Test
    void storesPayloadWithMemphisAndUserHeaders() throws Exception {
        memphis.createStation("prod.headers");
        Producer p = memphis.producer("prod.headers", "Web-1");
        PublishAck ack = p.produce("hello", ProduceOptions.builder().header("source", "web").msgId("id-1").build());
        assertThat(ack.getStream()).isEqualTo("prod#headers$1");
        MessageInfo m = stored("prod#headers$1", ack.getSeqno());
        assertThat(m.getSubject()).isEqualTo("prod#headers$1.final");
        assertThat(new String(m.getData())).isEqualTo("hello");
        Headers h = m.getHeaders();
        assertThat(h.getFirst("source")).isEqualTo("web");
        assertThat(h.getFirst("$memphis_connectionId")).isEqualTo(memphis.connectionId());
        assertThat(h.getFirst("$memphis_producedBy")).isEqualTo("web-1");
        assertThat(h.getFirst("msg-id")).isEqualTo("id-1");
        assertThat(h.getFirst("Nats-Msg-Id")).isEqualTo("id-1");
    }

    @Test
    void refusesReservedHeaders() {
        assertThatThrownBy(() -> ProduceOptions.builder().header("$memphis_x", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$memphis");
    }

    @Test
    void producesJsonObjects() throws Exception {
        memphis.createStation("prod.json");
        PublishAck ack = memphis.producer("prod.json", "p").produce(Map.of("id", 7));
        assertThat(new String(stored("prod#json$1", ack.getSeqno()).getData())).isEqualTo("{\"id\":7}");
    }

    @Test
    void idempotencyWindowDropsADuplicate() {
        memphis.createStation(StationOptions.builder("prod.idem").idempotencyWindow(Duration.ofMinutes(1)).build());
        Producer p = memphis.producer("prod.idem", "p");
        PublishAck first = p.produce("once", ProduceOptions.msgId("order-1"));
        PublishAck second = p.produce("once", ProduceOptions.msgId("order-1"));
        assertThat(second.isDuplicate()).isTrue();
        assertThat(second.getSeqno()).isEqualTo(first.getSeqno());
        assertThat(messages(memphis, "prod#idem$1")).isEqualTo(1);
    }

    @Test
    void aRetriedMessageIdWithoutAKeyIsStoredOnceOnAMultiPartitionStation() {
        memphis.createStation(StationOptions.builder("prod.idem3").partitions(3)
                .idempotencyWindow(Duration.ofMinutes(1)).build());
        Producer p = memphis.producer("prod.idem3", "p");
        List<Integer> partitions = List.of(1, 2, 3);
        for (int i = 0; i < 6; i++) {
            String id = "order-" + i;
            PublishAck first = p.produce("m" + i, ProduceOptions.msgId(id));
            PublishAck retry = p.produce("m" + i, ProduceOptions.msgId(id)); // what a retry after a lost ack sends
            assertThat(retry.isDuplicate()).as("retry of %s", id).isTrue();
            assertThat(first.getStream()).isEqualTo("prod#idem3$" + PartitionKeys.partitionFor(id, partitions));
        }
        long stored = 0;
        for (int partition : partitions) {
            stored += messages(memphis, "prod#idem3$" + partition);
        }
        assertThat(stored).isEqualTo(6);
        // a partition key still decides the partition when both are given
        PublishAck keyed = p.produce("k", ProduceOptions.builder().msgId("order-0-k").partitionKey("customer-7").build());
        assertThat(keyed.getStream()).isEqualTo("prod#idem3$" + PartitionKeys.partitionFor("customer-7", partitions));
    }

    @Test
    void deadLetteringASchemaFailureWritesOnlyTheDeadLetter() throws Exception {
        memphis.createStation(StationOptions.builder("prod.dlsdirect").partitions(2)
                .sendSchemaFailedMessagesToDls(true).build());
        Producer p = memphis.producer("prod.dlsdirect", "p");
        // the station has no schema (any more): produce() would store this payload, the dead letter must not
        ProduceOptions o = ProduceOptions.builder().msgId("bad-1").partitionNumber(2).header("source", "web").build();
        p.deadLetterSchemaFailure("{\"name\":\"x\"}", o, "required property 'id' not found");
        p.deadLetterSchemaFailure("{\"name\":\"x\"}", o, "required property 'id' not found"); // a retry
        assertThat(messages(memphis, "prod#dlsdirect$1") + messages(memphis, "prod#dlsdirect$2")).isZero();
        String dls = StationNames.dlsStreamName("prod.dlsdirect");
        assertThat(messages(memphis, dls)).as("one dead letter, the retry deduplicated by the id").isEqualTo(1);
        MessageInfo dead = stored(dls, 1);
        assertThat(new String(dead.getData(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"x\"}");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.TYPE)).isEqualTo(DeadLetterHeaders.TYPE_SCHEMA);
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON)).isEqualTo("required property 'id' not found");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.PARTITION)).isEqualTo("2");
        assertThat(dead.getHeaders().getFirst("source")).isEqualTo("web");

        memphis.createStation(StationOptions.builder("prod.nodls").sendSchemaFailedMessagesToDls(false).build());
        Producer q = memphis.producer("prod.nodls", "p");
        assertThatThrownBy(() -> q.deadLetterSchemaFailure("{}", ProduceOptions.NONE, "bad"))
                .isInstanceOf(MemphisException.class)
                .hasMessageContaining("station 'prod.nodls' does not send schema failures to its dead-letter station");
        assertThat(messages(memphis, "prod#nodls$1")).isZero();
    }

    @Test
    void partitionKeyLandsOnThePartitionPartitionKeysGives() {
        memphis.createStation(StationOptions.builder("prod.keys").partitions(5).build());
        Producer p = memphis.producer("prod.keys", "p");
        List<Integer> partitions = List.of(1, 2, 3, 4, 5);
        for (String key : List.of("order-1", "customer-7", "a", "zz", "key-42")) {
            PublishAck ack = p.produce("x", ProduceOptions.partitionKey(key));
            assertThat(ack.getStream()).isEqualTo("prod#keys$" + PartitionKeys.partitionFor(key, partitions));
        }
    }

    @Test
    void explicitPartitionIsValidated() {
        memphis.createStation(StationOptions.builder("prod.explicit").partitions(3).build());
        Producer p = memphis.producer("prod.explicit", "p");
        assertThat(p.produce("x", ProduceOptions.partition(2)).getStream()).isEqualTo("prod#explicit$2");
        assertThatThrownBy(() -> p.produce("x", ProduceOptions.partition(4)))
                .isInstanceOf(PartitionNotFoundException.class)
                .hasMessageContaining("prod.explicit").hasMessageContaining("4");
        assertThatThrownBy(() -> ProduceOptions.builder().partitionKey("k").partitionNumber(1).build())
                .hasMessageContaining("both");
    }

    @Test
    void roundRobinSpreadsOverPartitions() {
        memphis.createStation(StationOptions.builder("prod.rr").partitions(3).build());
        Producer p = memphis.producer("prod.rr", "p");
        for (int i = 0; i < 9; i++) {
            p.produce("m" + i);
        }
        for (int i = 1; i <= 3; i++) {
            assertThat(messages(memphis, "prod#rr$" + i)).isEqualTo(3);
        }
    }

    @Test
    void asyncProduceIsBoundedAndEveryAckArrives() throws Exception {
        memphis.createStation(StationOptions.builder("prod.async").partitions(2).build());
        Producer p = memphis.producer(ProducerOptions.builder("prod.async", "p").maxInFlight(16).build());
        List<CompletableFuture<PublishAck>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            futures.add(p.produceAsync(("m" + i).getBytes()));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get();
        p.flush();
        assertThat(messages(memphis, "prod#async$1") + messages(memphis, "prod#async$2")).isEqualTo(2000);
    }

    @Test
    void asyncFailuresSurfaceInTheFuture() throws Exception {
        memphis.createStation("prod.gone");
        Producer p = memphis.producer("prod.gone", "p");
        TestSupport.jsm(memphis).deleteStream("prod#gone$1");
        CompletableFuture<PublishAck> f = p.produceAsync("lost?");
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ProduceException.class).hasMessageContaining("prod.gone").hasMessageContaining("partition 1");
        assertThatThrownBy(() -> p.produce("lost?")).isInstanceOf(ProduceException.class);
    }

    @Test
    void missingAcknowledgementTimesOutTheFuture() throws Exception {
        try (Memphis quick = Memphis.connect(TestSupport.options(NATS).publishAckTimeout(Duration.ofMillis(500)).build());
                io.nats.client.Connection swallower = TestSupport.raw(NATS)) {
            quick.createStation("prod.silent");
            Producer p = quick.producer(ProducerOptions.builder("prod.silent", "p").ackWait(Duration.ofSeconds(1)).build());
            // the stream goes away and a plain subscriber takes the message without ever acknowledging it
            TestSupport.jsm(quick).deleteStream("prod#silent$1");
            swallower.createDispatcher(m -> { }).subscribe("prod#silent$1.final");
            swallower.flush(Duration.ofSeconds(1));
            CompletableFuture<PublishAck> f = p.produceAsync("into the void");
            assertThatThrownBy(() -> f.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(MemphisTimeoutException.class).hasMessageContaining("prod.silent");
            assertThatThrownBy(() -> p.produce("again")).isInstanceOf(MemphisTimeoutException.class);
        }
    }

    @Test
    void oversizeMessageIsRefused() {
        memphis.createStation("prod.big");
        Producer p = memphis.producer("prod.big", "p");
        assertThatThrownBy(() -> p.produce(new byte[MAX_PAYLOAD + 1]))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("prod.big").hasMessageContaining(String.valueOf(MAX_PAYLOAD));
        assertThat(messages(memphis, "prod#big$1")).isZero();
    }

    @Test
    void payloadUnderTheLimitWithHeadersOverItIsRefusedAndTheConnectionSurvives() {
        memphis.createStation("prod.bighdr");
        Producer p = memphis.producer("prod.bighdr", "p");
        int payload = MAX_PAYLOAD - 16; // fits alone; the Memphis headers and the id push it over
        assertThatThrownBy(() -> p.produce(new byte[payload], ProduceOptions.msgId("big-1")))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("prod.bighdr").hasMessageContaining("partition 1")
                .hasMessageContaining("max_payload of " + MAX_PAYLOAD)
                .satisfies(e -> assertThat(((MessageTooLargeException) e).size()).isGreaterThan(MAX_PAYLOAD));
        assertThat(memphis.isConnected()).isTrue();
        p.produce("small");
        assertThat(messages(memphis, "prod#bighdr$1")).isEqualTo(1);
    }

    @Test
    void aLargePayloadFailingItsSchemaStillReportsTheViolationWhenItsDeadLetterDoesNotFit() {
        if (!dev.lakestation.memphis.schemaverse.SchemaValidators.supports(dev.lakestation.memphis.schemaverse.Schema.JSON)) {
            dev.lakestation.memphis.schemaverse.SchemaValidators.register(new RequiredFieldsJsonValidatorFactory());
        }
        memphis.createSchema("prod-big-order", "json", SchemaTest.ORDER_V1);
        memphis.createStation(StationOptions.builder("prod.bigschema").schemaName("prod-big-order").build());
        Producer p = memphis.producer("prod.bigschema", "p");
        // fits as a message, but not once the dead-letter headers (reason, station, ...) are added
        String invalid = "{\"name\":\"" + "x".repeat(MAX_PAYLOAD - 140) + "\"}";
        assertThatThrownBy(() -> p.produce(invalid))
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("Schema validation has failed")
                .hasMessageMatching("(?s).*\\bid\\b.*"); // the field as a word: "validation" contains "id"
        assertThat(memphis.isConnected()).isTrue();
        assertThat(messages(memphis, "prod#bigschema$1")).isZero();
    }

    @Test
    void aDeadLetterThatCannotBeStoredFailsLoudlyAndLeavesTheMessagePending() throws Exception {
        memphis.createStation("prod.bigdead");
        memphis.producer("prod.bigdead", "p").produce(new byte[MAX_PAYLOAD - 300]);
        Consumer c = memphis.consumer("prod.bigdead", "g");
        List<MemphisMessage> got = new ArrayList<>();
        TestSupport.await(Duration.ofSeconds(30), () -> got.addAll(c.fetch()) || !got.isEmpty());
        String reason = "r".repeat(400); // the reason header pushes the dead letter over max_payload
        assertThatThrownBy(() -> got.get(0).deadLetter(reason))
                .isInstanceOf(MemphisException.class)
                .hasMessageContaining("cannot dead-letter message of station 'prod.bigdead' partition 1 sequence 1");
        // not terminated: still pending for the group, so it is redelivered rather than lost
        assertThat(TestSupport.jsm(memphis).getConsumerInfo("prod#bigdead$1", "g").getNumAckPending()).isEqualTo(1);
        assertThat(messages(memphis, StationNames.dlsStreamName("prod.bigdead"))).isZero();
        got.get(0).ack();
    }

    @Test
    void missingPartitionOfASinglePartitionStationIsRefused() {
        memphis.createStation("prod.single");
        Producer p = memphis.producer("prod.single", "p");
        assertThatThrownBy(() -> p.produce("x", ProduceOptions.partition(2)))
                .isInstanceOf(PartitionNotFoundException.class)
                .hasMessageContaining("station 'prod.single' has no partition 2").hasMessageContaining("[1]");
        assertThatThrownBy(() -> p.produceAsync("x", ProduceOptions.partition(0)))
                .isInstanceOf(PartitionNotFoundException.class);
        assertThat(p.produce("x", ProduceOptions.partition(1)).getStream()).isEqualTo("prod#single$1");
        assertThat(messages(memphis, "prod#single$1")).isEqualTo(1);
    }

    @Test
    void reservedHeadersAreRefusedOnEveryPath() {
        assertThatThrownBy(() -> ProduceOptions.builder().headers(Map.of("$memphis_producedBy", "spoof")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$memphis_producedBy");
        assertThatThrownBy(() -> ProduceOptions.builder().header("$memphis", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxInFlightBoundsUnacknowledgedAsyncMessages() throws Exception {
        try (Memphis quick = Memphis.connect(TestSupport.options(NATS).publishAckTimeout(Duration.ofSeconds(5)).build());
                io.nats.client.Connection swallower = TestSupport.raw(NATS)) {
            quick.createStation("prod.bound");
            Producer p = quick.producer(ProducerOptions.builder("prod.bound", "p").maxInFlight(2)
                    .ackWait(Duration.ofMillis(600)).build());
            // no stream: a plain subscriber takes the messages and never acknowledges them
            TestSupport.jsm(quick).deleteStream("prod#bound$1");
            swallower.createDispatcher(m -> { }).subscribe("prod#bound$1.final");
            swallower.flush(Duration.ofSeconds(1));
            CompletableFuture<PublishAck> first = p.produceAsync("1");
            CompletableFuture<PublishAck> second = p.produceAsync("2");
            long start = System.nanoTime();
            assertThatThrownBy(() -> p.produceAsync("3"))
                    .isInstanceOf(MemphisTimeoutException.class)
                    .hasMessageContaining("2 messages still unacknowledged").hasMessageContaining("prod.bound");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();
        }
    }

    @Test
    void multiStationProducerWritesToEachStation() {
        memphis.createStation("prod.multi.a");
        memphis.createStation("prod.multi.b");
        Producer p = memphis.producer(ProducerOptions.builder(List.of("prod.multi.a", "prod.multi.b"), "p").build());
        p.produce("both");
        assertThat(messages(memphis, "prod#multi#a$1")).isEqualTo(1);
        assertThat(messages(memphis, "prod#multi#b$1")).isEqualTo(1);
    }

    @Test
    void memphisProduceCachesProducersAndCreatesMissingStations() {
        memphis.produce("prod.cached", "p", "one");
        memphis.produce("prod.cached", "p", "two");
        StationInfo info = memphis.station("prod.cached");
        assertThat(info.partitions()).containsExactly(1);
        assertThat(info.retentionType()).isEqualTo(RetentionType.MAX_MESSAGE_AGE_SECONDS);
        assertThat(messages(memphis, "prod#cached$1")).isEqualTo(2);
    }

    @Test
    void destroyedProducerRefusesToProduce() {
        Producer p = memphis.producer("prod.destroyed", "p");
        p.destroy();
        assertThatThrownBy(() -> p.produce("x")).isInstanceOf(MemphisException.class).hasMessageContaining("destroyed");
    }
}
