package dev.lakestation.benchmarks;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * The JetStream streams a Memphis station maps to (reference §2, §4): partition p is stream
 * {@code <internal>$p} with subjects {@code <internal>$p.>}, data on {@code <internal>$p.final}. The raw
 * baselines write and read exactly these, so they move the same bytes as the client.
 */
public final class StationStreams {
    private StationStreams() {}

    public static String stream(String internalName, int partition) {
        return internalName + "$" + partition;
    }

    public static String dataSubject(String internalName, int partition) {
        return stream(internalName, partition) + ".final";
    }

    /** Creates partitions 1..n with the broker's defaults (1 h age, 2 min duplicate window, 1 replica). */
    public static void create(JetStreamManagement jsm, String internalName, int partitions, String storage)
            throws IOException, JetStreamApiException {
        for (int p = 1; p <= partitions; p++) {
            jsm.addStream(StreamConfiguration.builder()
                    .name(stream(internalName, p))
                    .subjects(stream(internalName, p) + ".>")
                    .retentionPolicy(RetentionPolicy.Limits)
                    .storageType("memory".equals(storage) ? StorageType.Memory : StorageType.File)
                    .maxAge(Duration.ofHours(1))
                    .duplicateWindow(Duration.ofMinutes(2))
                    .discardPolicy(DiscardPolicy.Old)
                    .replicas(1)
                    .build());
        }
    }

    /** Messages stored over all partitions. */
    public static long count(JetStreamManagement jsm, String internalName, int partitions)
            throws IOException, JetStreamApiException {
        long n = 0;
        for (int p = 1; p <= partitions; p++) {
            n += jsm.getStreamInfo(stream(internalName, p)).getStreamState().getMsgCount();
        }
        return n;
    }

    /**
     * Waits (polling, with a deadline) until the durable has no unacknowledged messages: the server
     * applies acks asynchronously, so right after the last ack was flushed it may still count some.
     */
    public static void awaitAllAcked(JetStreamManagement jsm, String internalName, int partitions, String durable,
            Duration timeout) throws IOException, JetStreamApiException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int p = 1; p <= partitions; p++) {
            while (true) {
                var info = jsm.getConsumerInfo(stream(internalName, p), durable);
                if (info.getNumAckPending() == 0 && info.getNumPending() == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partition " + p + ": " + info.getNumAckPending()
                            + " messages unacknowledged and " + info.getNumPending() + " undelivered after " + timeout);
                }
                Thread.sleep(10); // polling interval of a wait with a deadline
            }
        }
    }

    public static void delete(JetStreamManagement jsm, String internalName, int partitions)
            throws IOException, JetStreamApiException {
        for (int p = 1; p <= partitions; p++) {
            try {
                jsm.deleteStream(stream(internalName, p));
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != 10059) { // stream not found
                    throw e;
                }
            }
        }
    }
}
