package dev.lakestation.benchmarks.raw;

import io.nats.client.impl.Headers;
import java.util.UUID;

/** The headers a Memphis producer adds to every message (reference §5), for like-for-like raw runs. */
public final class MemphisHeaders {
    private MemphisHeaders() {}

    /** Read-only headers, or null when {@code on} is false (then jnats sends a plain PUB). */
    public static Headers of(boolean on, String producer) {
        if (!on) {
            return null;
        }
        Headers h = new Headers();
        h.put("$memphis_connectionId", UUID.randomUUID().toString());
        h.put("$memphis_producedBy", producer);
        return new Headers(h, true);
    }
}
