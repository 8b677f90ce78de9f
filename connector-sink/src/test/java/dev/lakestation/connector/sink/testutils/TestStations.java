package dev.lakestation.connector.sink.testutils;

import dev.lakestation.memphis.MemphisHeaders;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.JetStreamOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side station handling on a plain JetStream server, with the mapping a Memphis broker uses
 * (stream {@code <internal>$<p>}, subjects {@code <internal>$<p>.>}, data on {@code .final}) from
 * memphis-client's {@link JetStreamAdmin} and {@link StationNames}, the layout's one home.
 */
public final class TestStations implements AutoCloseable {
    private final Connection nc;
    private final JetStreamManagement jsm;
    private final JetStream js;

    public TestStations(String url) throws IOException, InterruptedException {
        this(new io.nats.client.Options.Builder().server(url).build());
    }

    /** For servers with authentication or TLS, e.g. {@code MemphisOptions#toNatsOptions()}. */
    public TestStations(io.nats.client.Options options) throws IOException, InterruptedException {
        this.nc = Nats.connect(options);
        this.jsm = nc.jetStreamManagement();
        this.js = nc.jetStream();
    }

    public Connection connection() {
        return nc;
    }

    /** Creates partitions 1..n with the given idempotency window (memphis-client's stream layout). */
    public void create(String station, int partitions, Duration idempotencyWindow) throws Exception {
        new JetStreamAdmin(nc, JetStreamOptions.DEFAULT_JS_OPTIONS).createStreams(StationOptions.builder(station)
                .partitions(partitions).idempotencyWindowMs(idempotencyWindow.toMillis()).build());
    }

    public void create(String station, int partitions) throws Exception {
        create(station, partitions, Duration.ofMinutes(2));
    }

    public void deletePartition(String station, int partition) throws IOException, JetStreamApiException {
        jsm.deleteStream(StationNames.streamName(station, partition));
    }

    public long count(String station, int partition) throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(StationNames.streamName(station, partition)).getStreamState().getMsgCount();
    }

    /** Messages stored in partitions 1..n together. */
    public long countAll(String station, int partitions) throws IOException, JetStreamApiException {
        long n = 0;
        for (int p = 1; p <= partitions; p++) {
            n += count(station, p);
        }
        return n;
    }

    /** Every message stored in one partition, in stream order. */
    public List<Stored> read(String station, int partition) throws Exception {
        String stream = StationNames.streamName(station, partition);
        long expected = count(station, partition);
        List<Stored> out = new ArrayList<>();
        if (expected == 0) {
            return out;
        }
        JetStreamSubscription sub = js.subscribe(StationNames.dataSubject(station, partition),
                PushSubscribeOptions.builder().stream(stream).ordered(true).build());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                Message m = sub.nextMessage(Duration.ofSeconds(1));
                if (m != null) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    if (m.getHeaders() != null) {
                        m.getHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                    }
                    out.add(new Stored(partition, m.metaData().streamSequence(), headers.get(MemphisHeaders.MSG_ID),
                            headers.get(MemphisHeaders.PRODUCED_BY), new String(m.getData(), StandardCharsets.UTF_8),
                            headers));
                }
            }
        } finally {
            sub.unsubscribe();
        }
        return out;
    }

    /** All partitions 1..n. */
    public List<Stored> readAll(String station, int partitions) throws Exception {
        List<Stored> all = new ArrayList<>();
        for (int p = 1; p <= partitions; p++) {
            all.addAll(read(station, p));
        }
        return all;
    }

    /** One stored message. */
    public record Stored(int partition, long sequence, String messageId, String producedBy, String payload,
            Map<String, String> headers) {}

    /** Messages stored in any stream (e.g. a dead-letter stream). */
    public long streamCount(String stream) throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
    }

    @Override
    public void close() throws InterruptedException {
        nc.close();
    }
}
