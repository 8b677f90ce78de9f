package dev.lakestation.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.TestStations;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.connector.source.split.SequenceRanges;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MemphisSourceEnumerator#addSplitsBack} driven directly: discovery runs against a real
 * nats-server; the coordinator is Flink's {@link MockSplitEnumeratorContext} (a JobManager cannot be
 * stepped by hand), so reader failures and re-registrations happen exactly where the test says.
 */
class MemphisSourceEnumeratorTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static final int PARALLELISM = 2;

    private static MemphisSource<String> source(String station, boolean bounded) {
        var b = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("enum-group")
                .setDeserializer(MemphisDeserializers.string());
        if (bounded) {
            b.setBounded();
        } else {
            // periodic discovery: the mock only runs it when the test says so
            b.setUnbounded().setPartitionDiscoveryInterval(Duration.ofMinutes(10));
        }
        return b.build();
    }

    private static void createStation(String station, int partitions) throws Exception {
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, partitions);
        }
    }

    private static void registerBothReaders(MockSplitEnumeratorContext<MemphisPartitionSplit> ctx) {
        ctx.registerReader(new ReaderInfo(0, "host-0"));
        ctx.registerReader(new ReaderInfo(1, "host-1"));
    }

    @Test
    void splitsOfAFailedReaderWaitForItAndGoBackToItWithTheirStateNothingLostOrDuplicated() throws Throwable {
        String station = "enum.back";
        createStation(station, 4);
        try (MockSplitEnumeratorContext<MemphisPartitionSplit> ctx = new MockSplitEnumeratorContext<>(PARALLELISM);
                SplitEnumerator<MemphisPartitionSplit, MemphisEnumeratorState> enumerator =
                        source(station, false).createEnumerator(ctx)) {
            registerBothReaders(ctx);
            enumerator.start();
            assertThat(ctx.getPeriodicCallables()).hasSize(1);
            ctx.runPeriodicCallable(0);

            // every partition once, to its deterministic owner
            Map<Integer, List<MemphisPartitionSplit>> owned = ownedBy(ctx.getSplitsAssignmentSequence());
            for (int p = 1; p <= 4; p++) {
                int owner = SplitOwners.ownerOf(station, p, PARALLELISM);
                assertThat(owned.get(owner)).extracting(MemphisPartitionSplit::partition).contains(p);
            }
            assertThat(allIds(ctx.getSplitsAssignmentSequence()))
                    .containsExactlyInAnyOrder(ids(station, 1, 2, 3, 4).toArray(String[]::new));
            assertThat(owned.get(1)).hasSize(2);

            // reader 1 fails: its splits come back carrying the progress of its last checkpoint
            List<MemphisPartitionSplit> back = new ArrayList<>();
            for (MemphisPartitionSplit s : owned.get(1)) {
                SequenceRanges pending = new SequenceRanges();
                pending.addRange(5, 7);
                back.add(new MemphisPartitionSplit(s.station(), s.partition(), s.stopSequence(),
                        s.stopTimestampMillis(), 7, pending));
            }
            int assignmentsBefore = ctx.getSplitsAssignmentSequence().size();
            ctx.unregisterReader(1);
            enumerator.addSplitsBack(back, 1);

            // not handed to reader 0 (one owner per partition), held for reader 1, out of the snapshot
            // (a checkpoint now lets a restored enumerator rediscover them)
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(assignmentsBefore);
            MemphisSourceEnumerator memphisEnumerator = (MemphisSourceEnumerator) enumerator;
            assertThat(memphisEnumerator.pendingAssignments()).containsExactly(back);
            assertThat(enumerator.snapshotState(1).assignedSplitIds())
                    .containsExactlyInAnyOrderElementsOf(ids(owned.get(0)));

            // a discovery round meanwhile finds nothing new: the given-back splits are known
            ctx.runPeriodicCallable(0);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(assignmentsBefore);
            assertThat(memphisEnumerator.pendingAssignments()).containsExactly(back);

            // reader 1 comes back: exactly its splits, with their state, and nothing else
            ctx.registerReader(new ReaderInfo(1, "host-1b"));
            enumerator.addReader(1);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(assignmentsBefore + 1);
            SplitsAssignment<MemphisPartitionSplit> reassigned =
                    ctx.getSplitsAssignmentSequence().get(assignmentsBefore);
            assertThat(reassigned.assignment()).containsOnlyKeys(1);
            assertThat(reassigned.assignment().get(1)).containsExactlyInAnyOrderElementsOf(back);
            assertThat(memphisEnumerator.pendingAssignments()).isEmpty();
            assertThat(enumerator.snapshotState(2).assignedSplitIds())
                    .containsExactlyInAnyOrderElementsOf(ids(station, 1, 2, 3, 4));

            // over the whole run: each partition held by exactly one live owner
            Map<String, Integer> holder = new HashMap<>();
            for (SplitsAssignment<MemphisPartitionSplit> a : ctx.getSplitsAssignmentSequence()) {
                a.assignment().forEach((reader, splits) -> splits.forEach(s -> holder.put(s.splitId(), reader)));
            }
            for (int p = 1; p <= 4; p++) {
                assertThat(holder.get(MemphisPartitionSplit.splitId(station, p)))
                        .isEqualTo(SplitOwners.ownerOf(station, p, PARALLELISM));
            }
        }
    }

    @Test
    void boundedReaderThatFailedGetsItsSplitBackBeforeBeingToldThereAreNoMoreSplits() throws Throwable {
        String station = "enum.back.bounded";
        createStation(station, 2);
        try (MockSplitEnumeratorContext<MemphisPartitionSplit> ctx = new MockSplitEnumeratorContext<>(PARALLELISM);
                SplitEnumerator<MemphisPartitionSplit, MemphisEnumeratorState> enumerator =
                        source(station, true).createEnumerator(ctx)) {
            registerBothReaders(ctx);
            enumerator.start();
            assertThat(ctx.getPeriodicCallables()).isEmpty();
            ctx.runNextOneTimeCallable();
            assertThat(allIds(ctx.getSplitsAssignmentSequence()))
                    .containsExactlyInAnyOrderElementsOf(ids(station, 1, 2));
            assertThat(ctx.hasNoMoreSplits(0)).isTrue();
            assertThat(ctx.hasNoMoreSplits(1)).isTrue();

            // the owner of partition 2 fails (Flink unregisters it, then gives its splits back); its
            // next attempt starts without the no-more-splits signal
            int owner = SplitOwners.ownerOf(station, 2, PARALLELISM);
            MemphisPartitionSplit split2 = ownedBy(ctx.getSplitsAssignmentSequence()).get(owner).stream()
                    .filter(s -> s.partition() == 2).findFirst().orElseThrow();
            int assignmentsBefore = ctx.getSplitsAssignmentSequence().size();
            ctx.unregisterReader(owner);
            ctx.resetNoMoreSplits(owner);
            enumerator.addSplitsBack(List.of(split2), owner);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(assignmentsBefore);
            assertThat(ctx.hasNoMoreSplits(owner)).isFalse();

            ctx.registerReader(new ReaderInfo(owner, "host-new"));
            enumerator.addReader(owner);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(assignmentsBefore + 1);
            assertThat(ctx.getSplitsAssignmentSequence().get(assignmentsBefore).assignment())
                    .isEqualTo(Map.of(owner, List.of(split2)));
            assertThat(ctx.hasNoMoreSplits(owner)).as("bounded: told again there is nothing more").isTrue();
            assertThat(((MemphisSourceEnumerator) enumerator).pendingAssignments()).isEmpty();
            assertThat(enumerator.snapshotState(1).assignedSplitIds())
                    .containsExactlyInAnyOrderElementsOf(ids(station, 1, 2));
        }
    }

    @Test
    void splitsGivenBackWhileTheirOwnerIsRegisteredAreReassignedToItAtOnce() throws Throwable {
        String station = "enum.back.registered";
        createStation(station, 3);
        try (MockSplitEnumeratorContext<MemphisPartitionSplit> ctx = new MockSplitEnumeratorContext<>(PARALLELISM);
                SplitEnumerator<MemphisPartitionSplit, MemphisEnumeratorState> enumerator =
                        source(station, false).createEnumerator(ctx)) {
            registerBothReaders(ctx);
            enumerator.start();
            ctx.runPeriodicCallable(0);
            Map<Integer, List<MemphisPartitionSplit>> owned = ownedBy(ctx.getSplitsAssignmentSequence());
            int assignmentsBefore = ctx.getSplitsAssignmentSequence().size();

            // every split given back by reader 0 (e.g. a failed attempt while another one is running)
            enumerator.addSplitsBack(owned.get(0), 0);
            assertThat(ctx.getSplitsAssignmentSequence()).hasSize(assignmentsBefore + 1);
            assertThat(ctx.getSplitsAssignmentSequence().get(assignmentsBefore).assignment())
                    .isEqualTo(Map.of(0, owned.get(0)));
            assertThat(((MemphisSourceEnumerator) enumerator).pendingAssignments()).isEmpty();
            assertThat(enumerator.snapshotState(1).assignedSplitIds())
                    .containsExactlyInAnyOrderElementsOf(ids(station, 1, 2, 3));
        }
    }

    private static Map<Integer, List<MemphisPartitionSplit>> ownedBy(
            List<SplitsAssignment<MemphisPartitionSplit>> sequence) {
        Map<Integer, List<MemphisPartitionSplit>> owned = new HashMap<>();
        for (SplitsAssignment<MemphisPartitionSplit> a : sequence) {
            a.assignment().forEach((reader, splits) -> owned.computeIfAbsent(reader, k -> new ArrayList<>())
                    .addAll(splits));
        }
        return owned;
    }

    private static List<String> allIds(List<SplitsAssignment<MemphisPartitionSplit>> sequence) {
        List<String> ids = new ArrayList<>();
        for (SplitsAssignment<MemphisPartitionSplit> a : sequence) {
            a.assignment().values().forEach(l -> l.forEach(s -> ids.add(s.splitId())));
        }
        return ids;
    }

    private static List<String> ids(List<MemphisPartitionSplit> splits) {
        List<String> ids = new ArrayList<>();
        splits.forEach(s -> ids.add(s.splitId()));
        return ids;
    }

    private static List<String> ids(String station, int... partitions) {
        TreeSet<String> ids = new TreeSet<>();
        for (int p : partitions) {
            ids.add(MemphisPartitionSplit.splitId(station, p));
        }
        return new ArrayList<>(ids);
    }
}
