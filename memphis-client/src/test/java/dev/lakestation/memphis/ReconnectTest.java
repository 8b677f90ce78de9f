package dev.lakestation.memphis;

import static dev.lakestation.memphis.TestSupport.await;
import static dev.lakestation.memphis.TestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.testsupport.NatsServerExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker restart mid-stream: the client reconnects; a producer with message ids loses and
 * duplicates nothing, and a running consume loop receives every message.
 */
class ReconnectTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @Test
    void producerWithMessageIdsSurvivesABrokerRestartExactly() throws Exception {
        int total = 3000;
        AtomicInteger retries = new AtomicInteger();
        try (Memphis memphis = Memphis.connect(TestSupport.options(NATS).publishAckTimeout(Duration.ofSeconds(2))
                .reconnectInterval(Duration.ofMillis(100)).build())) {
            memphis.createStation(StationOptions.builder("restart.orders").partitions(2)
                    .idempotencyWindow(Duration.ofMinutes(5)).build());
            Producer producer = memphis.producer(ProducerOptions.builder("restart.orders", "p")
                    .ackWait(Duration.ofSeconds(2)).build());
            java.util.Set<String> consumed = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Consumer consumer = memphis.consumer(ConsumerOptions.builder("restart.orders", "reader")
                    .batchSize(200).pullInterval(Duration.ofMillis(20)).build());
            consumer.consume((msgs, error, ctx) -> msgs.forEach(m -> {
                consumed.add(m.dataAsString());
                m.ack();
            }));
            CompletableFuture<Void> restart = new CompletableFuture<>();
            for (int i = 0; i < total; i++) {
                if (i == total / 3) {
                    CompletableFuture.runAsync(() -> {
                        NATS.restart();
                        restart.complete(null);
                    });
                }
                String id = "order-" + i;
                String key = "customer-" + (i % 17);
                boolean stored = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!stored) {
                    try {
                        producer.produce("payload-" + i, ProduceOptions.builder().msgId(id).partitionKey(key).build());
                        stored = true;
                    } catch (MemphisException e) {
                        retries.incrementAndGet();
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                    }
                }
            }
            restart.get();
            await(Duration.ofSeconds(10), memphis::isConnected);
            assertThat(messages(memphis, "restart#orders$1") + messages(memphis, "restart#orders$2")).isEqualTo(total);
            // the consume loop carried on across the restart and saw every message
            await(Duration.ofSeconds(60), () -> consumed.size() == total);
            consumer.stopConsume();
        }
        System.out.println("produce retries across the restart: " + retries.get());
    }
}
