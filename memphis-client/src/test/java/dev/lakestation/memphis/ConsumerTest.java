package dev.lakestation.memphis;

import dev.lakestation.memphis.internal.StationNames;
import static dev.lakestation.memphis.TestSupport.await;
import static dev.lakestation.memphis.TestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Consuming on the JetStream control plane: acks, redelivery, dead letters, positions. */
class ConsumerTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();
    static Memphis memphis;

    @BeforeAll
    static void connect() {
        memphis = TestSupport.connect(NATS);
    }

    @AfterAll
    static void close() {
        memphis.close();
    }

    private static void produce(String station, int n) {
        Producer p = memphis.producer(station, "p");
        for (int i = 0; i < n; i++) {
            p.produce("m" + i, ProduceOptions.builder().header("k", "v" + i).build());
        }
    }

    private static List<MemphisMessage> fetchAtLeast(Consumer c, int n, Duration timeout) {
        List<MemphisMessage> all = new ArrayList<>();
        await(timeout, () -> {
            all.addAll(c.fetch());
            return all.size() >= n;
        });
        return all;
    }

    private static ConsumerInfo info(String stream, String durable) {
        try {
            return TestSupport.jsm(memphis).getConsumerInfo(stream, durable);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fetchesWithMetadataAndHidesInternalHeaders() {
        memphis.createStation("cons.meta");
        Instant before = Instant.now().minusSeconds(1);
        produce("cons.meta", 3);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.meta", "reader").batchSize(10).build());
        List<MemphisMessage> msgs = fetchAtLeast(c, 3, Duration.ofSeconds(5));
        assertThat(msgs).extracting(MemphisMessage::dataAsString).containsExactly("m0", "m1", "m2");
        MemphisMessage first = msgs.get(0);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.partition()).isEqualTo(1);
        assertThat(first.deliveryCount()).isEqualTo(1);
        assertThat(first.timeSent()).isAfter(before);
        assertThat(first.headers()).containsExactly(Map.entry("k", "v0"));
        assertThat(first.header("$memphis_producedBy")).isEqualTo("p");
        msgs.forEach(MemphisMessage::ack);
        await(Duration.ofSeconds(30), () -> info("cons#meta$1", "reader").getAckFloor().getStreamSequence() == 3);
    }

    @Test
    void consumeLoopHandsBatchesAndTheContext() {
        memphis.createStation(StationOptions.builder("cons.loop").partitions(2).build());
        produce("cons.loop", 20);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.loop", "looper")
                .pullInterval(Duration.ofMillis(50)).batchSize(5).build());
        c.setContext(Map.of("tenant", "acme"));
        Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        AtomicReference<Object> ctx = new AtomicReference<>();
        c.consume((messages, error, context) -> {
            ctx.set(context.get("tenant"));
            for (MemphisMessage m : messages) {
                seen.add(m.dataAsString());
                m.ack();
            }
        });
        await(Duration.ofSeconds(10), () -> seen.size() == 20);
        c.stopConsume();
        assertThat(ctx.get()).isEqualTo("acme");
    }

    @Test
    void nackRedelivers() {
        memphis.createStation("cons.nack");
        produce("cons.nack", 1);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.nack", "g").maxMsgDeliveries(5).build());
        MemphisMessage m = fetchAtLeast(c, 1, Duration.ofSeconds(5)).get(0);
        m.nack();
        MemphisMessage again = fetchAtLeast(c, 1, Duration.ofSeconds(5)).get(0);
        assertThat(again.sequence()).isEqualTo(m.sequence());
        assertThat(again.deliveryCount()).isEqualTo(2);
        again.ack();
    }

    @Test
    void delayRedeliversAfterTheDelay() {
        memphis.createStation("cons.delay");
        produce("cons.delay", 1);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.delay", "g").maxMsgDeliveries(5).build());
        MemphisMessage m = fetchAtLeast(c, 1, Duration.ofSeconds(5)).get(0);
        long delayedAt = System.nanoTime();
        m.delay(Duration.ofSeconds(1));
        MemphisMessage again = fetchAtLeast(c, 1, Duration.ofSeconds(10)).get(0);
        long waitedMs = (System.nanoTime() - delayedAt) / 1_000_000;
        assertThat(again.sequence()).isEqualTo(m.sequence());
        assertThat(waitedMs).isGreaterThanOrEqualTo(900);
        again.ack();
    }

    @Test
    void deadLetterLandsInTheDlsWithTheReason() throws Exception {
        memphis.createStation("cons.dead");
        produce("cons.dead", 2);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.dead", "g").build());
        List<MemphisMessage> msgs = fetchAtLeast(c, 2, Duration.ofSeconds(5));
        msgs.get(0).ack();
        msgs.get(1).deadLetter("cannot parse order");
        String dls = StationNames.dlsStreamName("cons.dead");
        await(Duration.ofSeconds(30), () -> messages(memphis, dls) == 1);
        MessageInfo dead = TestSupport.jsm(memphis).getMessage(dls, 1);
        assertThat(new String(dead.getData())).isEqualTo("m1");
        assertThat(dead.getSubject()).isEqualTo(StationNames.dlsSubject("cons.dead", DeadLetterHeaders.TYPE_NACKED));
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON)).isEqualTo("cannot parse order");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.STATION)).isEqualTo("cons.dead");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.SEQUENCE)).isEqualTo("2");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.PARTITION)).isEqualTo("1");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.CONSUMER_GROUP)).isEqualTo("g");
        assertThat(dead.getHeaders().getFirst("k")).isEqualTo("v1");
        // terminated: never redelivered
        await(Duration.ofSeconds(30), () -> info("cons#dead$1", "g").getNumAckPending() == 0);
    }

    @Test
    void maxDeliveriesMovesThePoisonMessageToTheDls() throws Exception {
        memphis.createStation("cons.poison");
        produce("cons.poison", 1);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.poison", "g").maxMsgDeliveries(2).build());
        for (int delivery = 1; delivery <= 2; delivery++) {
            MemphisMessage m = fetchAtLeast(c, 1, Duration.ofSeconds(5)).get(0);
            assertThat(m.deliveryCount()).isEqualTo(delivery);
            m.nack();
        }
        String dls = StationNames.dlsStreamName("cons.poison");
        await(Duration.ofSeconds(10), () -> {
            c.fetch(); // a pull lets the server notice the exhausted message
            return messages(memphis, dls) == 1;
        });
        MessageInfo dead = TestSupport.jsm(memphis).getMessage(dls, 1);
        assertThat(new String(dead.getData())).isEqualTo("m0");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.TYPE)).isEqualTo(DeadLetterHeaders.TYPE_POISON);
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON)).contains("max deliveries").contains("'g'");
    }

    @Test
    void deadLettersGoToTheConfiguredDlsStation() {
        memphis.createStation(StationOptions.builder("cons.withdls").dlsStation("cons.graveyard").build());
        assertThat(memphis.station("cons.graveyard").partitions()).containsExactly(1);
        produce("cons.withdls", 1);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.withdls", "g").build());
        fetchAtLeast(c, 1, Duration.ofSeconds(5)).get(0).deadLetter("bad");
        await(Duration.ofSeconds(30), () -> messages(memphis, "cons#graveyard$1") == 1);
        Consumer grave = memphis.consumer("cons.graveyard", "inspector");
        MemphisMessage dead = fetchAtLeast(grave, 1, Duration.ofSeconds(5)).get(0);
        assertThat(dead.dataAsString()).isEqualTo("m0");
        assertThat(dead.headers()).containsEntry("station", "cons.withdls").containsEntry("type", "nacked")
                .containsEntry("reason", "bad");
    }

    @Test
    void destroyKeepsTheDurableUnlessAsked() throws Exception {
        memphis.createStation("cons.keep");
        produce("cons.keep", 4);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.keep", "member").group("team").batchSize(2).build());
        fetchAtLeast(c, 2, Duration.ofSeconds(5)).forEach(MemphisMessage::ack);
        await(Duration.ofSeconds(30), () -> info("cons#keep$1", "team").getAckFloor().getStreamSequence() == 2);
        c.destroy();
        assertThat(TestSupport.jsm(memphis).getConsumerNames("cons#keep$1")).contains("team");
        Consumer next = memphis.consumer(ConsumerOptions.builder("cons.keep", "member2").group("team").build());
        List<MemphisMessage> rest = fetchAtLeast(next, 2, Duration.ofSeconds(5));
        assertThat(rest).extracting(MemphisMessage::sequence).containsExactly(3L, 4L);
        next.destroy(true);
        assertThat(TestSupport.jsm(memphis).getConsumerNames("cons#keep$1")).doesNotContain("team");
    }

    @Test
    void consumesOnePartitionByKeyOrNumber() {
        memphis.createStation(StationOptions.builder("cons.part").partitions(3).build());
        Producer p = memphis.producer("cons.part", "p");
        p.produce("keyed", ProduceOptions.partitionKey("customer-7"));
        p.produce("on-2", ProduceOptions.partition(2));
        int keyed = PartitionKeys.partitionFor("customer-7", List.of(1, 2, 3));
        Consumer byKey = memphis.consumer(ConsumerOptions.builder("cons.part", "bykey").partitionKey("customer-7").build());
        List<MemphisMessage> got = fetchAtLeast(byKey, 1, Duration.ofSeconds(5));
        assertThat(got).allMatch(m -> m.partition() == keyed).extracting(MemphisMessage::dataAsString).contains("keyed");
        Consumer byNumber = memphis.consumer(ConsumerOptions.builder("cons.part", "bynum").partitionNumber(2).build());
        assertThat(fetchAtLeast(byNumber, 1, Duration.ofSeconds(5))).allMatch(m -> m.partition() == 2)
                .extracting(MemphisMessage::dataAsString).contains("on-2");
        assertThatThrownBy(() -> memphis.consumer(ConsumerOptions.builder("cons.part", "bad").partitionNumber(9).build()))
                .isInstanceOf(PartitionNotFoundException.class);
    }

    @Test
    void startSequenceAndLastMessagesPositionANewGroup() {
        memphis.createStation("cons.pos");
        produce("cons.pos", 10);
        Consumer fromSeq = memphis.consumer(ConsumerOptions.builder("cons.pos", "fromseq").startConsumeFromSequence(8).build());
        assertThat(fetchAtLeast(fromSeq, 3, Duration.ofSeconds(5))).extracting(MemphisMessage::sequence)
                .containsExactly(8L, 9L, 10L);
        Consumer last = memphis.consumer(ConsumerOptions.builder("cons.pos", "last").lastMessages(2).build());
        assertThat(fetchAtLeast(last, 2, Duration.ofSeconds(5))).extracting(MemphisMessage::sequence)
                .containsExactly(9L, 10L);
    }

    @Test
    void prefetchAndOneShotFetch() {
        memphis.createStation("cons.prefetch");
        produce("cons.prefetch", 6);
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.prefetch", "pf").batchSize(3).build());
        List<MemphisMessage> first = c.fetch(3, true);
        List<MemphisMessage> second = c.fetch(3, false);
        List<Long> seqs = new ArrayList<>();
        first.forEach(m -> seqs.add(m.sequence()));
        second.forEach(m -> seqs.add(m.sequence()));
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        List<MemphisMessage> once = memphis.fetchMessages(ConsumerOptions.builder("cons.prefetch", "oneshot").batchSize(6).build());
        assertThat(once).isNotEmpty();
    }

    @Test
    void connectorFastPathDeadLettersARawJetStreamMessage() throws Exception {
        memphis.createStation(StationOptions.builder("cons.raw").partitions(2).build());
        memphis.producer("cons.raw", "p").produce("raw", ProduceOptions.partition(2));
        memphis.createConsumerGroup("cons.raw", "flink", ConsumerGroupOptions.defaults());
        io.nats.client.JetStreamSubscription sub = memphis.connection().jetStream()
                .subscribe(null, io.nats.client.PullSubscribeOptions.bind("cons#raw$2", StationNames.durableName("flink")));
        List<io.nats.client.Message> got = sub.fetch(1, Duration.ofSeconds(2));
        assertThat(got).hasSize(1);
        memphis.deadLetter(got.get(0), "flink", "cannot deserialize");
        String dls = StationNames.dlsStreamName("cons.raw");
        await(Duration.ofSeconds(30), () -> messages(memphis, dls) == 1);
        MessageInfo dead = TestSupport.jsm(memphis).getMessage(dls, 1);
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.PARTITION)).isEqualTo("2");
        assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON)).isEqualTo("cannot deserialize");
    }

    @Test
    void batchSizeMustBeOneTo5000() {
        memphis.createStation("cons.batch");
        produce("cons.batch", 3);
        for (int bad : new int[] {0, -1, 5001}) {
            assertThatThrownBy(() -> ConsumerOptions.builder("cons.batch", "b").batchSize(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("batch size should be between 1 and 5000, got " + bad);
        }
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.batch", "b").batchSize(5000).build());
        assertThatThrownBy(() -> c.fetch(5001, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 5000, got 5001");
        assertThatThrownBy(() -> c.fetch(0, false)).hasMessageContaining("got 0");
        assertThat(fetchAtLeast(c, 3, Duration.ofSeconds(5))).hasSize(3);
        List<MemphisMessage> one = memphis.fetchMessages(ConsumerOptions.builder("cons.batch", "single").batchSize(1).build());
        assertThat(one).hasSize(1).extracting(MemphisMessage::dataAsString).containsExactly("m0");
    }

    @Test
    void batchMaxWaitIsFlooredAt100MsAndBoundsAnEmptyFetch() {
        assertThat(ConsumerOptions.builder("cons.wait", "w").batchMaxWait(Duration.ofMillis(5)).build().batchMaxWait())
                .isEqualTo(Duration.ofMillis(100));
        memphis.createStation("cons.wait");
        Consumer c = memphis.consumer(ConsumerOptions.builder("cons.wait", "w").batchMaxWait(Duration.ofMillis(300)).build());
        long start = System.nanoTime();
        assertThat(c.fetch()).isEmpty();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void maxDeliveriesAreOneToTenAndReachTheDurable() throws Exception {
        memphis.createStation("cons.maxdel");
        for (int bad : new int[] {0, 11}) {
            assertThatThrownBy(() -> ConsumerOptions.builder("cons.maxdel", "g").maxMsgDeliveries(bad).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("max_msg_deliveries must be between 1 and 10, got " + bad);
        }
        memphis.consumer(ConsumerOptions.builder("cons.maxdel", "ten").maxMsgDeliveries(10).build());
        assertThat(info("cons#maxdel$1", "ten").getConsumerConfiguration().getMaxDeliver()).isEqualTo(10);
        memphis.consumer(ConsumerOptions.builder("cons.maxdel", "dflt").build());
        assertThat(info("cons#maxdel$1", "dflt").getConsumerConfiguration().getMaxDeliver()).isEqualTo(2);
    }

    @Test
    void poisonMessagesStayOutOfTheDlsWhenTheStationSaysSo() throws Exception {
        memphis.createStation(StationOptions.builder("cons.nopoison").sendPoisonMessagesToDls(false).build());
        memphis.createStation("cons.yespoison");
        produce("cons.nopoison", 1);
        produce("cons.yespoison", 1);
        Consumer off = memphis.consumer(ConsumerOptions.builder("cons.nopoison", "g").maxMsgDeliveries(1).build());
        Consumer on = memphis.consumer(ConsumerOptions.builder("cons.yespoison", "g").maxMsgDeliveries(1).build());
        fetchAtLeast(off, 1, Duration.ofSeconds(5)).get(0).nack();
        // the advisory of the first station is handled before the second's (one handler, in order)
        fetchAtLeast(on, 1, Duration.ofSeconds(5)).get(0).nack();
        String onDls = StationNames.dlsStreamName("cons.yespoison");
        await(Duration.ofSeconds(10), () -> {
            off.fetch();
            on.fetch();
            return messages(memphis, onDls) == 1;
        });
        assertThat(messages(memphis, StationNames.dlsStreamName("cons.nopoison"))).isZero();
    }

    @Test
    void deserializesJson() {
        memphis.createStation("cons.json");
        memphis.producer("cons.json", "p").produce(Map.of("id", 3));
        Consumer c = memphis.consumer("cons.json", "j");
        MemphisMessage m = fetchAtLeast(c, 1, Duration.ofSeconds(5)).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = m.dataAs(Map.class);
        assertThat(map).containsEntry("id", 3);
        assertThat(m.dataDeserialized()).isEqualTo(m.data()); // no schema attached: raw bytes
    }

    @Test
    void consumeLoopSurvivesFetchFailuresAndReportsEach() throws Exception {
        try (Memphis own = TestSupport.connect(NATS)) {
            own.createStation(StationOptions.builder("cons.survive").partitions(2).build());
            Consumer c = own.consumer(ConsumerOptions.builder("cons.survive", "loop")
                    .pullInterval(Duration.ofMillis(10)).build());
            own.connection().close(); // every fetch now fails, the first while binding a partition
            List<MemphisException> errors = Collections.synchronizedList(new ArrayList<>());
            c.consume((msgs, error, ctx) -> {
                if (error != null) {
                    errors.add(error);
                }
            });
            // a loop that died on the first failure would report at most one
            await(Duration.ofSeconds(30), () -> errors.size() >= 3);
            c.stopConsume();
            assertThat(errors).allSatisfy(e -> assertThat(e.getMessage()).contains("cons.survive"));
        }
    }
}
