package dev.lakestation.connector.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.testsupport.Await;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publish window bounds what is unacknowledged: with a window of 3 and a broker that holds back
 * its PubAcks, exactly 3 messages go out, and each PubAck lets exactly one more through. The
 * "broker" here is a plain NATS subscriber on the partition subject that answers PubAcks when the
 * test says so: nats-server cannot be told to delay its own acks.
 */
class PublisherWindowTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static final int WINDOW = 3;
    private static final int MESSAGES = 10;

    @Test
    void theWindowBoundsUnacknowledgedPublishesAndEachAckReleasesOne() throws Exception {
        ConcurrentLinkedQueue<Message> unanswered = new ConcurrentLinkedQueue<>();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        try (Connection broker = Nats.connect(NATS.natsUrl());
                SinkSession session = new MemphisSessionFactory(TestOptions.of(NATS), null).open()) {
            Dispatcher d = broker.createDispatcher(m -> {
                unanswered.add(m);
                int outstanding = received.incrementAndGet() - answered.get();
                maxOutstanding.accumulateAndGet(outstanding, Math::max);
            });
            d.subscribe("window$1.final");
            broker.flush(Duration.ofSeconds(5));

            Publisher publisher = new Publisher(session, "window-test", WINDOW, 0, Duration.ofMillis(100),
                    Duration.ofSeconds(60));
            PublishTracker tracker = new PublishTracker() {
                @Override
                public void acked(OutgoingMessage message, PublishAck ack, long latencyNanos) {
                    acked.incrementAndGet();
                }

                @Override
                public void failed(OutgoingMessage message, MemphisSinkException error) {
                    throw new AssertionError("no publish may fail here: " + error.getMessage());
                }
            };
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < MESSAGES; i++) {
                        publisher.acquire(() -> false);
                        publisher.publish(new OutgoingMessage("window", 1, "id-" + i, Map.of(),
                                ("m" + i).getBytes(StandardCharsets.UTF_8)), tracker);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            Await.until(Duration.ofSeconds(30), "a full window", () -> received.get() == WINDOW);
            assertThat(publisher.inFlight()).isEqualTo(WINDOW);
            for (int replies = 1; replies <= MESSAGES; replies++) {
                Message m = unanswered.poll();
                answered.incrementAndGet();
                broker.publish(m.getReplyTo(), ("{\"stream\":\"window$1\",\"seq\":" + replies + "}")
                        .getBytes(StandardCharsets.UTF_8));
                int expected = Math.min(MESSAGES, WINDOW + replies);
                Await.until(Duration.ofSeconds(30), expected + " messages out", () -> received.get() == expected
                        && unanswered.size() == expected - answered.get());
            }
            producer.get();
            Await.until(Duration.ofSeconds(30), "every PubAck handled", () -> acked.get() == MESSAGES);
            assertThat(maxOutstanding.get()).as("most unacknowledged publishes at once").isEqualTo(WINDOW);
            assertThat(publisher.inFlight()).isZero();
            publisher.close();
        }
    }
}
