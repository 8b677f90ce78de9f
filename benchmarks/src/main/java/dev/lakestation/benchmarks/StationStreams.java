package dev.lakestation.benchmarks;

import dev.lakestation.memphis.StationOptions;
import dev.lakestation.memphis.StorageType;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.time.Duration;

/**
 * The JetStream streams a Memphis station maps to, for the raw baselines: names and stream configs come from
 * memphis-client's {@link StationNames} and {@link JetStreamAdmin} (the layout's one home), so the raw runs
 * write and read exactly the streams the client does and move the same bytes.
 */
public final class StationStreams {
    private StationStreams() {}

    public static String stream(String station, int partition) {
        return StationNames.streamName(station, partition);
    }

    public static String dataSubject(String station, int partition) {
        return StationNames.dataSubject(station, partition);
    }

    /** Creates partitions 1..n with the broker's defaults (1 h age, 2 min duplicate window, 1 replica). */
    public static void create(JetStreamManagement jsm, String station, int partitions, String storage)
            throws IOException, JetStreamApiException {
        StationOptions o = StationOptions.builder(station).partitions(partitions)
                .storageType("memory".equals(storage) ? StorageType.MEMORY : StorageType.DISK).build();
        for (int p = 1; p <= partitions; p++) {
            jsm.addStream(JetStreamAdmin.streamConfig(o, p));
        }
    }

    /** Messages stored over all partitions. */
    public static long count(JetStreamManagement jsm, String station, int partitions)
            throws IOException, JetStreamApiException {
        long n = 0;
        for (int p = 1; p <= partitions; p++) {
            n += jsm.getStreamInfo(stream(station, p)).getStreamState().getMsgCount();
        }
        return n;
    }

    /**
     * Waits (polling, with a deadline) until the durable has no unacknowledged messages: the server
     * applies acks asynchronously, so right after the last ack was flushed it may still count some.
     */
    public static void awaitAllAcked(JetStreamManagement jsm, String station, int partitions, String durable,
            Duration timeout) throws IOException, JetStreamApiException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int p = 1; p <= partitions; p++) {
            while (true) {
                var info = jsm.getConsumerInfo(stream(station, p), durable);
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

    public static void delete(JetStreamManagement jsm, String station, int partitions)
            throws IOException, JetStreamApiException {
        for (int p = 1; p <= partitions; p++) {
            try {
                jsm.deleteStream(stream(station, p));
            } catch (JetStreamApiException e) {
                if (!JetStreamAdmin.isStreamNotFound(e)) {
                    throw e;
                }
            }
        }
    }
}
