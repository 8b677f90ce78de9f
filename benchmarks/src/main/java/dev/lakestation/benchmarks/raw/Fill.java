package dev.lakestation.benchmarks.raw;

import dev.lakestation.benchmarks.StationStreams;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a station's partitions round robin before a consume benchmark (not measured), with or without
 * the Memphis producer headers ({@code --memphis-headers}).
 */
public final class Fill {
    private Fill() {}

    public static void station(Connection nc, String station, int partitions, int messages, byte[] payload,
            int maxInFlight, boolean memphisHeaders) throws Exception {
        JetStream js = nc.jetStream();
        Headers headers = ProducerHeaders.of(memphisHeaders, "filler");
        Semaphore window = new Semaphore(maxInFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < messages && failure.get() == null; i++) {
            window.acquire();
            js.publishAsync(StationStreams.dataSubject(station, 1 + i % partitions), headers, payload)
                    .whenComplete((ack, err) -> {
                        if (err != null) {
                            failure.compareAndSet(null, err);
                        }
                        window.release();
                    });
        }
        if (!window.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("PubAcks still missing after 60 s while filling " + station);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("filling " + station + " failed: " + failure.get(), failure.get());
        }
    }
}
