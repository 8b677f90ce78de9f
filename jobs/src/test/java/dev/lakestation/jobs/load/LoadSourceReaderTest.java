package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.area.AreaFixtures;
import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.schema.project.ProjectLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadSourceReader} outside a task: Flink's testing reader context and output stand in for the task's
 * (what a running task gives a reader cannot exist here); the splits are real files. The split hand-out and
 * the snapshot a restored reader resumes from, which a BATCH load never checkpoints but a reader must still get
 * right.
 */
class LoadSourceReaderTest {

    @TempDir
    Path root;

    private SplitRows.Settings settings;

    @BeforeEach
    void project() throws IOException {
        AreaFixtures.dsvTable(root, "sales", "orders", "{name: id, type: long, required: true}");
        ProjectRef ref = ProjectRef.of(ProjectLoader.load(root, null).orThrow(), Map.of());
        settings = new SplitRows.Settings(ref.model("sales", "orders"),
                FormatSpec.of(ref.validator("sales", "orders").table(), false), false, Instant.EPOCH);
    }

    @Test
    void readsOneSplitAtATimeAndAsksForTheNextOneWhenItEnds() throws Exception {
        FileSourceSplit a = split("a", 1, 100);
        FileSourceSplit b = split("b", 101, 200);
        TestingReaderContext context = new TestingReaderContext();
        TestingReaderOutput<LoadRow> out = new TestingReaderOutput<>();
        List<Long> ids = new ArrayList<>();
        try (LoadSourceReader reader = new LoadSourceReader(context, settings)) {
            reader.start();
            assertThat(context.getNumSplitRequests()).isEqualTo(1);
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(reader.isAvailable()).isNotDone();

            reader.addSplits(List.of(a));
            assertThat(reader.isAvailable()).isDone();
            assertThat(reader.pollNext(out)).as("a burst, not the whole split").isEqualTo(InputStatus.MORE_AVAILABLE);
            assertThat(drain(out, ids)).hasSize(LoadSourceReader.BURST);
            assertThat(pollUntilIdle(reader, out, ids)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(ids).containsExactlyElementsOf(range(1, 100));
            assertThat(context.getNumSplitRequests()).as("asked again once the split ended").isEqualTo(2);
            assertThat(reader.pollNext(out)).as("no second request while one is pending")
                    .isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(context.getNumSplitRequests()).isEqualTo(2);

            reader.addSplits(List.of(b));
            reader.notifyNoMoreSplits();
            assertThat(pollUntilIdle(reader, out, ids)).isEqualTo(InputStatus.END_OF_INPUT);
            assertThat(ids).containsExactlyElementsOf(range(1, 200));
        }
    }

    @Test
    void aRestoredReaderResumesAfterTheRecordsItsSnapshotCounts() throws Exception {
        FileSourceSplit a = split("a", 1, 150);
        FileSourceSplit b = split("b", 151, 170);
        TestingReaderOutput<LoadRow> out = new TestingReaderOutput<>();
        List<Long> first = new ArrayList<>();
        List<FileSourceSplit> state;
        try (LoadSourceReader reader = new LoadSourceReader(new TestingReaderContext(), settings)) {
            reader.addSplits(List.of(a, b));
            reader.pollNext(out);
            reader.pollNext(out);
            drain(out, first);
            state = reader.snapshotState(1);
        }
        assertThat(first).containsExactlyElementsOf(range(1, 2 * LoadSourceReader.BURST));
        assertThat(state).extracting(FileSourceSplit::splitId).containsExactly("a", "b");
        assertThat(state.get(0).getReaderPosition()).hasValueSatisfying(
                p -> assertThat(p.getRecordsAfterOffset()).isEqualTo(2L * LoadSourceReader.BURST));

        List<Long> rest = new ArrayList<>();
        try (LoadSourceReader restored = new LoadSourceReader(new TestingReaderContext(), settings)) {
            restored.addSplits(state);
            restored.notifyNoMoreSplits();
            assertThat(pollUntilIdle(restored, out, rest)).isEqualTo(InputStatus.END_OF_INPUT);
        }
        assertThat(rest).containsExactlyElementsOf(range(2 * LoadSourceReader.BURST + 1, 170));
    }

    @Test
    void aRestoredRangeThatStartsMidFileResumesWhereItsSnapshotStopped() throws Exception {
        FileSourceSplit whole = split("w", 1, 1000);
        long middle = whole.length() / 2 + 3;     // not on a line start: the range begins at the next line
        FileSourceSplit range = new FileSourceSplit("r", whole.path(), middle, whole.length() - middle, 0,
                whole.length());
        List<Long> expected = new ArrayList<>();
        try (LoadSourceReader reader = new LoadSourceReader(new TestingReaderContext(), settings)) {
            reader.addSplits(List.of(range));
            reader.notifyNoMoreSplits();
            pollUntilIdle(reader, new TestingReaderOutput<>(), expected);
        }
        assertThat(expected).as("the range's rows: the second half of the file").hasSizeBetween(400, 600)
                .endsWith(1000L);

        TestingReaderOutput<LoadRow> out = new TestingReaderOutput<>();
        List<Long> first = new ArrayList<>();
        List<FileSourceSplit> state;
        try (LoadSourceReader reader = new LoadSourceReader(new TestingReaderContext(), settings)) {
            reader.addSplits(List.of(range));
            reader.pollNext(out);
            drain(out, first);
            state = reader.snapshotState(7);
        }
        List<Long> rest = new ArrayList<>();
        try (LoadSourceReader restored = new LoadSourceReader(new TestingReaderContext(), settings)) {
            restored.addSplits(state);
            restored.notifyNoMoreSplits();
            pollUntilIdle(restored, out, rest);
        }
        List<Long> both = new ArrayList<>(first);
        both.addAll(rest);
        assertThat(first).hasSize(LoadSourceReader.BURST);
        assertThat(both).containsExactlyElementsOf(expected);
    }

    private static InputStatus pollUntilIdle(LoadSourceReader reader, TestingReaderOutput<LoadRow> out,
            List<Long> ids) throws Exception {
        InputStatus s;
        do {
            s = reader.pollNext(out);
            drain(out, ids);
        } while (s == InputStatus.MORE_AVAILABLE);
        return s;
    }

    /** The ids emitted since the last call, appended to {@code ids}; returns them. */
    private static List<Long> drain(TestingReaderOutput<LoadRow> out, List<Long> ids) {
        List<Long> now = out.getEmittedRecords().stream().map(r -> (Long) r.record().get("id")).toList();
        out.clearEmittedRecords();
        ids.addAll(now);
        return now;
    }

    private FileSourceSplit split(String name, int from, int to) throws IOException {
        StringBuilder csv = new StringBuilder("id\n");
        range(from, to).forEach(i -> csv.append(i).append('\n'));
        Path file = AreaFixtures.write(root, "datasets/ingesting/sales/orders-" + name + ".csv", csv.toString());
        return new FileSourceSplit(name, new org.apache.flink.core.fs.Path(file.toUri()), 0, Files.size(file),
                0, Files.size(file));
    }

    private static List<Long> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> (long) i).toList();
    }
}
