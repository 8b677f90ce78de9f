package dev.lakestation.jobs.audit;

import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.StationInfo;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.StationOptions;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Dataset events on a Memphis station ({@code lakestation.datasets} by default) through memphis-client: published
 * with the event id as message id ({@code msg-id} / {@code Nats-Msg-Id}), so a re-published event is stored once
 * within the station's idempotency window (the coordinator also drops duplicates by id); other systems may publish
 * their own events on the station, in the same JSON ({@code dataset-event.schema.json}), and trigger tasks. A
 * position is the station's stream sequence; the station has one partition so that sequences order all events.
 *
 * <pre>{@code
 * try (Memphis memphis = Memphis.connect(options)) {
 *     DatasetEvents events = new MemphisDatasetEvents(memphis, "lakestation.datasets");
 *     events.publish(event);
 *     events.readAfter(0, 100);
 * }
 * }</pre>
 *
 * A message that is not a dataset event is skipped with a warning naming the station and sequence.
 */
public final class MemphisDatasetEvents implements DatasetEvents {

    /** Default station. */
    public static final String DEFAULT_STATION = "lakestation.datasets";
    private static final Logger LOG = LoggerFactory.getLogger(MemphisDatasetEvents.class);
    /** JetStream's "no message found" */
    private static final int NO_MESSAGE = 10037;

    private final Memphis memphis;
    private final String station;
    private final String stream;
    private final String subject;
    private final JetStreamManagement jsm;
    private final Producer producer;

    /** Creates the station (one partition) unless it exists; refuses a station with several partitions. */
    public MemphisDatasetEvents(Memphis memphis, String station) {
        this.memphis = memphis;
        this.station = station;
        memphis.createStation(StationOptions.builder(station).partitions(1).build());
        StationInfo info = memphis.station(station);
        if (info.streamNames().size() != 1) {
            throw new IllegalArgumentException("dataset events: station " + station + " has "
                    + info.streamNames().size() + " partitions; the coordinator reads one ordered partition: use a "
                    + "station with one partition");
        }
        int partition = info.isLegacy() ? StationNames.LEGACY : info.partitions().get(0);
        this.stream = info.streamNames().get(0);
        this.subject = StationNames.dataSubject(station, partition);
        try {
            this.jsm = memphis.connection().jetStreamManagement(memphis.options().jetStreamOptions());
        } catch (IOException e) {
            throw new IllegalStateException("dataset events: no JetStream on " + memphis.options().address(), e);
        }
        this.producer = memphis.producer(station, "lakestation-datasets");
    }

    /** The station name. */
    public String station() {
        return station;
    }

    @Override
    public void publish(DatasetEvent event) {
        producer.produce(event.toJson().getBytes(StandardCharsets.UTF_8), ProduceOptions.msgId(event.eventId()));
    }

    @Override
    public List<Positioned> readAfter(long position, int max) {
        List<Positioned> out = new ArrayList<>();
        long seq = position + 1;
        while (out.size() < max) {
            MessageInfo m;
            try {
                m = jsm.getNextMessage(stream, seq, subject);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE) {
                    return out;
                }
                throw new IllegalStateException("dataset events: station " + station + ": cannot read after sequence "
                        + position + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalStateException("dataset events: station " + station + ": cannot read after sequence "
                        + position + ": " + e.getMessage(), e);
            }
            if (m == null || m.getData() == null) {
                return out;
            }
            try {
                out.add(new Positioned(DatasetEvent.fromJson(new String(m.getData(), StandardCharsets.UTF_8)),
                        m.getSeq()));
            } catch (IllegalArgumentException bad) {
                LOG.warn("station {}: sequence {}: skipped a message that is not a dataset event ({})", station,
                        m.getSeq(), bad.getMessage());
                out.add(new Positioned(null, m.getSeq())); // the position moves past it: warned once
            }
            seq = m.getSeq() + 1;
        }
        return out;
    }

    @Override
    public AutoCloseable onPublished(Runnable listener) {
        Dispatcher d = memphis.connection().createDispatcher(msg -> listener.run());
        d.subscribe(subject);
        return () -> memphis.connection().closeDispatcher(d);
    }
}
