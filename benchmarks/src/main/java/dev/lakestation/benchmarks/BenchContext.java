package dev.lakestation.benchmarks;

import dev.lakestation.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;

/** What a benchmark run gets: its own nats-server, the options and one payload. */
public final class BenchContext {
    /** The server's auth token: the Memphis client must present a token or a password, so every benchmark uses one. */
    public static final String TOKEN = "bench";

    private final NatsServer server;
    private final BenchOptions options;
    private final byte[] payload;

    BenchContext(NatsServer server, BenchOptions options) {
        this.server = server;
        this.options = options;
        this.payload = new byte[options.size];
        // Random bytes (fixed seed) so neither storage nor transport can win by compressing.
        new Random(42).nextBytes(payload);
    }

    public NatsServer server() {
        return server;
    }

    public BenchOptions options() {
        return options;
    }

    /** The payload every message carries (do not modify). */
    public byte[] payload() {
        return payload;
    }

    /** A plain jnats connection with default options, as the baselines use. */
    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(Options.builder()
                .server(server.natsUrl())
                .token(TOKEN.toCharArray())
                .connectionTimeout(Duration.ofSeconds(10))
                .connectionName(java.util.UUID.randomUUID() + "::bench")
                .build());
    }
}
