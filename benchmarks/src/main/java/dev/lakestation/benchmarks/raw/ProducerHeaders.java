package dev.lakestation.benchmarks.raw;

import dev.lakestation.memphis.MemphisHeaders;
import io.nats.client.impl.Headers;
import java.util.UUID;

/** The headers a Memphis producer adds to every message (reference §5), for like-for-like raw runs. */
public final class ProducerHeaders {
    private ProducerHeaders() {}

    /** Read-only headers, or null when {@code on} is false (then jnats sends a plain PUB). */
    public static Headers of(boolean on, String producer) {
        if (!on) {
            return null;
        }
        Headers h = new Headers();
        h.put(MemphisHeaders.CONNECTION_ID, UUID.randomUUID().toString());
        h.put(MemphisHeaders.PRODUCED_BY, producer);
        return new Headers(h, true);
    }
}
