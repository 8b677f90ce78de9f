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

    /** Smallest JSON payload: {@code {"id":123456,"customer":"ann@example.com","pad":""}}. */
    public static final int MIN_JSON_SIZE = 50;

    BenchContext(NatsServer server, BenchOptions options) {
        this.server = server;
        this.options = options;
        this.payload = options.payload.equals("json") ? jsonPayload(options.size) : randomPayload(options.size);
    }

    /** Random bytes (fixed seed) so neither storage nor transport can win by compressing. */
    private static byte[] randomPayload(int size) {
        byte[] p = new byte[size];
        new Random(42).nextBytes(p);
        return p;
    }

    /** {@code {"id":123456,"customer":"ann@example.com","pad":"..."}}, exactly {@code size} bytes. */
    private static byte[] jsonPayload(int size) {
        String head = "{\"id\":123456,\"customer\":\"ann@example.com\",\"pad\":\"";
        StringBuilder sb = new StringBuilder(head);
        Random r = new Random(42);
        while (sb.length() < size - 2) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.append("\"}").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** JSON Schema of the json payload. */
    public static final String JSON_SCHEMA = """
            {"type":"object","required":["id","customer","pad"],"additionalProperties":false,
             "properties":{"id":{"type":"integer","minimum":1},"customer":{"type":"string","maxLength":64},
                           "pad":{"type":"string"}}}""";

    /** Avro schema of the json payload (Avro's JSON encoding of this record is exactly that JSON). */
    public static final String AVRO_SCHEMA = """
            {"type":"record","name":"Order","fields":[{"name":"id","type":"long"},
             {"name":"customer","type":"string"},{"name":"pad","type":"string"}]}""";

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
