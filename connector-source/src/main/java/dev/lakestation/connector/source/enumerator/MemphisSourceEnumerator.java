package dev.lakestation.connector.source.enumerator;

import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers station partitions (at start, then periodically when unbounded), prepares the consumer
 * group's durable on each, and assigns every partition to exactly one reader, deterministically.
 * In bounded mode every reader is told there are no more splits once the first discovery is assigned.
 */
@Internal
public final class MemphisSourceEnumerator implements SplitEnumerator<MemphisPartitionSplit, MemphisEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(MemphisSourceEnumerator.class);

    private final SplitEnumeratorContext<MemphisPartitionSplit> context;
    private final MemphisSourceSettings settings;
    private final boolean bounded;
    /** Splits handed to a reader (and not given back). */
    private final Set<String> assigned;
    /** Splits waiting for their owner to register. */
    private final Map<Integer, List<MemphisPartitionSplit>> pending = new HashMap<>();
    private final Set<Integer> noMoreSplitsSignalled = new HashSet<>();
    private Connection connection;
    private PartitionDiscoverer discoverer;
    private volatile boolean firstDiscoveryDone;

    public MemphisSourceEnumerator(SplitEnumeratorContext<MemphisPartitionSplit> context,
            MemphisSourceSettings settings, boolean bounded, Set<String> assigned) {
        this.context = context;
        this.settings = settings;
        this.bounded = bounded;
        this.assigned = new HashSet<>(assigned);
    }

    @Override
    public void start() {
        long interval = settings.discoveryInterval.toMillis();
        if (!bounded && interval > 0) {
            context.callAsync(this::discover, this::onDiscovered, 0, interval);
        } else {
            context.callAsync(this::discover, this::onDiscovered);
        }
    }

    /** Runs on a worker thread; reads {@link #assigned} only through the snapshot it is given. */
    private List<MemphisPartitionSplit> discover() throws Exception {
        if (connection == null) {
            connection = settings.connect();
            discoverer = new PartitionDiscoverer(settings, connection);
        }
        Set<String> known;
        synchronized (assigned) {
            known = new HashSet<>(assigned);
        }
        synchronized (pending) {
            pending.values().forEach(l -> l.forEach(s -> known.add(s.splitId())));
        }
        boolean initial = !firstDiscoveryDone && assigned.isEmpty();
        List<MemphisPartitionSplit> found = new ArrayList<>();
        for (PartitionDiscoverer.Found f : discoverer.listPartitions()) {
            if (!known.contains(f.splitId())) {
                found.add(discoverer.prepare(f, initial));
            }
        }
        return found;
    }

    private void onDiscovered(List<MemphisPartitionSplit> splits, Throwable error) {
        if (error != null) {
            if (!firstDiscoveryDone) {
                throw new FlinkRuntimeException("Memphis source: discovering partitions of "
                        + describeStations() + " failed", error);
            }
            LOG.warn("Memphis source: periodic partition discovery failed, retrying at the next interval", error);
            return;
        }
        if (!splits.isEmpty()) {
            LOG.info("Memphis source discovered {} new partition(s): {}", splits.size(), splits);
        }
        synchronized (pending) {
            for (MemphisPartitionSplit s : splits) {
                int owner = SplitOwners.ownerOf(s.station(), s.partition(), context.currentParallelism());
                pending.computeIfAbsent(owner, k -> new ArrayList<>()).add(s);
            }
        }
        firstDiscoveryDone = true;
        assignPending();
    }

    private String describeStations() {
        return settings.stationPattern != null ? "stations matching '" + settings.stationPattern + "'"
                : "stations " + settings.stations;
    }

    private void assignPending() {
        Map<Integer, List<MemphisPartitionSplit>> assignment = new HashMap<>();
        synchronized (pending) {
            for (Integer reader : context.registeredReaders().keySet()) {
                List<MemphisPartitionSplit> splits = pending.remove(reader);
                if (splits != null && !splits.isEmpty()) {
                    assignment.put(reader, splits);
                }
            }
        }
        if (!assignment.isEmpty()) {
            synchronized (assigned) {
                assignment.values().forEach(l -> l.forEach(s -> assigned.add(s.splitId())));
            }
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
        if (bounded && firstDiscoveryDone) {
            for (Integer reader : context.registeredReaders().keySet()) {
                boolean waiting;
                synchronized (pending) {
                    waiting = pending.containsKey(reader);
                }
                if (!waiting && noMoreSplitsSignalled.add(reader)) {
                    context.signalNoMoreSplits(reader);
                }
            }
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on discovery; readers never ask.
    }

    @Override
    public void addSplitsBack(List<MemphisPartitionSplit> splits, int subtaskId) {
        synchronized (assigned) {
            splits.forEach(s -> assigned.remove(s.splitId()));
        }
        synchronized (pending) {
            for (MemphisPartitionSplit s : splits) {
                int owner = SplitOwners.ownerOf(s.station(), s.partition(), context.currentParallelism());
                pending.computeIfAbsent(owner, k -> new ArrayList<>()).add(s);
            }
        }
        noMoreSplitsSignalled.remove(subtaskId);
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignPending();
        }
    }

    @Override
    public void addReader(int subtaskId) {
        noMoreSplitsSignalled.remove(subtaskId);
        assignPending();
    }

    @Override
    public MemphisEnumeratorState snapshotState(long checkpointId) {
        synchronized (assigned) {
            return new MemphisEnumeratorState(assigned);
        }
    }

    @Override
    public void close() throws java.io.IOException {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** For tests: splits waiting for readers. */
    Collection<List<MemphisPartitionSplit>> pendingAssignments() {
        synchronized (pending) {
            return new ArrayList<>(pending.values());
        }
    }
}
