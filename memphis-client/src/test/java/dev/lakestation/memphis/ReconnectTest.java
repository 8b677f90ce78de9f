package dev.lakestation.memphis;

import dev.lakestation.memphis.internal.StationNames;
import static dev.lakestation.memphis.TestSupport.await;
import static dev.lakestation.memphis.TestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker restart mid-stream: the client reconnects; a producer with message ids that retries what
 * failed loses and duplicates nothing (blocking and async under load), and a running consume loop
 * receives every message. The restart starts after the first third of the messages and has finished
 * before the last third is produced, so it always falls mid-stream.
 */
class ReconnectTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static Memphis connect() {
        return Memphis.connect(TestSupport.options(NATS).publishAckTimeout(Duration.ofSeconds(2))
                .reconnectInterval(Duration.ofMillis(100)).build());
    }

    private static Set<String> consumeAll(Memphis memphis, String station) {
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        // Deliveries in flight when the broker stops are lost and come back after the ack wait: a short
        // one (and room for several deliveries) keeps that recovery well inside the wait below instead
        // of depending on the 30 s / 2-delivery defaults on a slow machine.
        Consumer consumer = memphis.consumer(ConsumerOptions.builder(station, "reader")
                .batchSize(500).pullInterval(Duration.ofMillis(20))
                .maxAckTime(Duration.ofSeconds(5)).maxMsgDeliveries(10).build());
        consumer.consume((msgs, error, ctx) -> msgs.forEach(m -> {
            consumed.add(m.dataAsString());
            m.ack();
        }));
        return consumed;
    }

    /** Produces with the same id until the broker acknowledges it (or the deadline passes). */
    private static void produceUntilStored(Producer producer, int i, AtomicInteger retries) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                producer.produce("payload-" + i, options(i));
                return;
            } catch (MemphisException e) {
                retries.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static ProduceOptions options(int i) {
        return ProduceOptions.builder().msgId("order-" + i).partitionKey("customer-" + (i % 17)).build();
    }

    private static void assertExactlyOnce(Memphis memphis, String station, int total, Set<String> consumed,
            long reconnectsBefore) {
        await(Duration.ofSeconds(10), memphis::isConnected);
        assertThat(memphis.connection().getStatistics().getReconnects()).isGreaterThan(reconnectsBefore);
        String internal = StationNames.internalName(station);
        assertThat(messages(memphis, internal + "$1") + messages(memphis, internal + "$2")).isEqualTo(total);
        try {
            await(Duration.ofSeconds(60), () -> consumed.size() == total);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + diagnose(memphis, station, total, consumed), e);
        }
    }

    /** What the broker says about the group when the loop misses messages: names the cause in CI logs. */
    private static String diagnose(Memphis memphis, String station, int total, Set<String> consumed) {
        StringBuilder d = new StringBuilder("consumed " + consumed.size() + " of " + total + "; missing e.g. ");
        int shown = 0;
        for (int i = 0; i < total && shown < 10; i++) {
            if (!consumed.contains("payload-" + i)) {
                d.append(i).append(' ');
                shown++;
            }
        }
        String internal = StationNames.internalName(station);
        for (int p = 1; p <= 2; p++) {
            try {
                var info = TestSupport.jsm(memphis).getConsumerInfo(internal + "$" + p, StationNames.durableName("reader"));
                d.append("; partition ").append(p).append(": pending=").append(info.getNumPending())
                        .append(" ackPending=").append(info.getNumAckPending())
                        .append(" redelivered=").append(info.getRedelivered())
                        .append(" delivered=").append(info.getDelivered().getStreamSequence())
                        .append(" ackFloor=").append(info.getAckFloor().getStreamSequence());
            } catch (Exception ex) {
                d.append("; partition ").append(p).append(": ").append(ex);
            }
        }
        try {
            d.append("; dead letters: ").append(messages(memphis, StationNames.dlsStreamName(station)));
        } catch (AssertionError ex) {
            d.append("; no dead-letter stream");
        }
        return d.toString();
    }

    @Test
    void blockingProducerWithMessageIdsSurvivesABrokerRestartExactly() throws Exception {
        int total = 3000;
        AtomicInteger retries = new AtomicInteger();
        try (Memphis memphis = connect()) {
            memphis.createStation(StationOptions.builder("restart.sync").partitions(2)
                    .idempotencyWindow(Duration.ofMinutes(5)).build());
            Producer producer = memphis.producer(ProducerOptions.builder("restart.sync", "p")
                    .ackWait(Duration.ofSeconds(2)).build());
            Set<String> consumed = consumeAll(memphis, "restart.sync");
            long reconnects = memphis.connection().getStatistics().getReconnects();
            CompletableFuture<Void> restart = null;
            for (int i = 0; i < total; i++) {
                if (i == total / 3) {
                    restart = CompletableFuture.runAsync(NATS::restart);
                } else if (i == 2 * total / 3) {
                    restart.get();
                }
                produceUntilStored(producer, i, retries);
            }
            assertExactlyOnce(memphis, "restart.sync", total, consumed, reconnects);
        }
        System.out.println("blocking produce retries across the restart: " + retries.get());
    }

    @Test
    void asyncProducerUnderLoadRetryingFailuresByIdSurvivesABrokerRestartExactly() throws Exception {
        int total = 6000;
        AtomicInteger retries = new AtomicInteger();
        try (Memphis memphis = connect()) {
            memphis.createStation(StationOptions.builder("restart.async").partitions(2)
                    .idempotencyWindow(Duration.ofMinutes(5)).build());
            Producer producer = memphis.producer(ProducerOptions.builder("restart.async", "p")
                    .maxInFlight(500).ackWait(Duration.ofSeconds(2)).build());
            Set<String> consumed = consumeAll(memphis, "restart.async");
            long reconnects = memphis.connection().getStatistics().getReconnects();
            List<CompletableFuture<PublishAck>> futures = new ArrayList<>(total);
            List<Integer> refused = new ArrayList<>();
            CompletableFuture<Void> restart = null;
            for (int i = 0; i < total; i++) {
                if (i == total / 3) {
                    restart = CompletableFuture.runAsync(NATS::restart);
                } else if (i == 2 * total / 3) {
                    restart.get();
                }
                try {
                    futures.add(producer.produceAsync("payload-" + i, options(i)));
                } catch (MemphisException e) { // no room: every in-flight slot waited out the ack wait
                    futures.add(null);
                    refused.add(i);
                }
            }
            for (int i = 0; i < total; i++) {
                CompletableFuture<PublishAck> f = futures.get(i);
                if (f == null) {
                    produceUntilStored(producer, i, retries);
                    continue;
                }
                try {
                    f.get();
                } catch (ExecutionException e) {
                    retries.incrementAndGet();
                    produceUntilStored(producer, i, retries);
                }
            }
            assertExactlyOnce(memphis, "restart.async", total, consumed, reconnects);
            System.out.println("async produce: " + refused.size() + " refused for lack of room, "
                    + retries.get() + " retries across the restart");
        }
    }
}
